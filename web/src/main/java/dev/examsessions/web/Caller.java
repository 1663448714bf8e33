package dev.examsessions.web;

/** The authenticated user of a request, as the verified token says. */
record Caller(long userId, boolean admin) {
}
