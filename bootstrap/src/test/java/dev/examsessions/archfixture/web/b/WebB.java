package dev.examsessions.archfixture.web.b;

/** Canary fixture: the other half of a package cycle. */
public class WebB {
    public dev.examsessions.archfixture.web.a.WebA back() {
        return null;
    }
}
