package dev.examsessions.adapter.jpa;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DATABASE_URL forms turned into what the JDBC driver takes. */
class DatabaseUrlTest {
    @Test
    void postgresqlUrlWithCredentials() {
        assertEquals(new DatabaseUrl("jdbc:postgresql://db.example:5432/exams", "app", "s3cret"),
                DatabaseUrl.parse("postgresql://app:s3cret@db.example:5432/exams"));
    }

    @Test
    void postgresSchemeAndQueryParametersPassThrough() {
        assertEquals(new DatabaseUrl("jdbc:postgresql://db:6543/exams?sslmode=require&connectTimeout=5", "app", null),
                DatabaseUrl.parse("postgres://app@db:6543/exams?sslmode=require&connectTimeout=5"));
    }

    @Test
    void credentialsArePercentDecoded() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://us%40er:p%3Aw%2Fd%20+%C3%A9@localhost/exams");
        assertEquals("us@er", url.user());
        assertEquals("p:w/d +\u00e9", url.password());
    }

    @Test
    void userAndPasswordAndPortAreOptional() {
        assertEquals(new DatabaseUrl("jdbc:postgresql://localhost/exams", null, null),
                DatabaseUrl.parse("postgresql://localhost/exams"));
        assertEquals(new DatabaseUrl("jdbc:postgresql://localhost", null, null), DatabaseUrl.parse("postgresql://"));
    }

    @Test
    void severalHostsAndIpv6() {
        assertEquals("jdbc:postgresql://a:5432,b:5433/exams?targetServerType=primary",
                DatabaseUrl.parse("postgresql://u:p@a:5432,b:5433/exams?targetServerType=primary").jdbcUrl());
        assertEquals("jdbc:postgresql://[::1]:5432/exams", DatabaseUrl.parse("postgresql://[::1]:5432/exams").jdbcUrl());
    }

    @Test
    void jdbcUrlIsTakenAsIs() {
        String jdbc = "jdbc:postgresql://h:5432/exams?user=app&password=x";
        assertEquals(new DatabaseUrl(jdbc, null, null), DatabaseUrl.parse(jdbc));
    }

    @Test
    void describeNeverShowsThePassword() {
        assertFalse(DatabaseUrl.parse("postgresql://app:s3cret@h/exams").describe().contains("s3cret"));
        String described = DatabaseUrl.parse("jdbc:postgresql://h/exams?user=app&password=s3cret&ssl=true").describe();
        assertFalse(described.contains("s3cret"), described);
        assertTrue(described.contains("ssl=true"), described);
    }

    @Test
    void otherFormsAreRefusedWithoutEchoingThePassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatabaseUrl.parse("mysql://app:s3cret@h/exams"));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertTrue(e.getMessage().contains("postgresql://"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse(" "));
        assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse(null));
    }
}
