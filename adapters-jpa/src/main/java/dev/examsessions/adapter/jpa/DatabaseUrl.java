package dev.examsessions.adapter.jpa;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A {@code DATABASE_URL} turned into what the JDBC driver takes: {@code postgresql://} and {@code postgres://}
 * URLs (user and password optional and percent-encoded, host list, database, query parameters passed through)
 * or a {@code jdbc:postgresql:} URL as is.
 */
record DatabaseUrl(String jdbcUrl, String user, String password) {
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&]password=)[^&]*");

    static DatabaseUrl parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("database URL is empty; expected postgresql://user:pass@host:5432/db"
                    + " or jdbc:postgresql://host:5432/db");
        }
        String url = raw.trim();
        if (url.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(url, null, null);
        }
        String rest;
        if (url.startsWith("postgresql://")) {
            rest = url.substring("postgresql://".length());
        } else if (url.startsWith("postgres://")) {
            rest = url.substring("postgres://".length());
        } else {
            throw new IllegalArgumentException("database URL must start with postgresql://, postgres:// or"
                    + " jdbc:postgresql: (e.g. postgresql://user:pass@host:5432/db), not '" + mask(url) + "'");
        }
        int authorityEnd = indexOfAny(rest, "/?#");
        String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        String tail = authorityEnd < 0 ? "" : rest.substring(authorityEnd);
        int fragment = tail.indexOf('#');
        if (fragment >= 0) {
            tail = tail.substring(0, fragment);
        }
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        String hosts = authority;
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            hosts = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            if (user.isEmpty()) {
                user = null;
            }
        }
        if (hosts.isEmpty()) {
            hosts = "localhost";
        }
        return new DatabaseUrl("jdbc:postgresql://" + hosts + tail, user, password);
    }

    /** The JDBC URL and user for logs and messages, never the password. */
    String describe() {
        return mask(jdbcUrl) + (user == null ? "" : " as " + user);
    }

    private static String mask(String url) {
        String masked = url.replaceAll("://([^:/@]*):[^@/]*@", "://$1:***@");
        return PASSWORD_PARAM.matcher(masked).replaceAll("$1***");
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Percent-decoding as in URLs ('+' stays '+'). */
    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) == '%' && i + 3 <= s.length()) {
                try {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad percent-encoding in the user or password of the database URL");
                }
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
