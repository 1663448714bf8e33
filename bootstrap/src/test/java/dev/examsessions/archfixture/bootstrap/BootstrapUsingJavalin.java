package dev.examsessions.archfixture.bootstrap;

/** Canary fixture: Javalin used outside web. */
public class BootstrapUsingJavalin {
    public io.javalin.Javalin app() {
        return null;
    }
}
