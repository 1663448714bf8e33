package dev.examsessions.web;

import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code Allow} header of a 405: the methods of the route template a path resolves to, in table order. */
final class AllowedMethods {
    /** One route's template as a pattern, and its method. */
    private record Entry(String template, Pattern pattern, HandlerType method) {
    }

    private final List<Entry> entries = new ArrayList<>();

    AllowedMethods(List<RouteTable.Route> routes) {
        for (RouteTable.Route r : routes) {
            entries.add(new Entry(r.path(), Pattern.compile(r.path().replaceAll("\\{[^}]+}", "[^/]+")), r.method()));
        }
    }

    /**
     * The methods allowed on {@code path}, e.g. {@code "GET, HEAD"}; empty when no route has the path. Only the
     * template that serves the path counts (the first match, fixed segments before variables), so a method is
     * never listed that would then answer 404 on another template.
     */
    String of(String path) {
        String template = entries.stream().filter(e -> e.pattern().matcher(path).matches())
                .map(Entry::template).findFirst().orElse(null);
        if (template == null) {
            return "";
        }
        Set<String> methods = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (e.template().equals(template)) {
                methods.add(e.method().name());
                if (e.method() == HandlerType.GET) {
                    methods.add(HandlerType.HEAD.name());
                }
            }
        }
        return String.join(", ", methods);
    }
}
