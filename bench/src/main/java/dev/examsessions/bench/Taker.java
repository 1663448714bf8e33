package dev.examsessions.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** One exam taker of the benchmark: its token, its session and the session's question ids in exam order. */
record Taker(String token, String sessionId, long[] questionIds) {

    /** Writes the takers as a Lua table for wrk ({@code return {{t=…,s=…,q={…}},…}}) and as TSV for the Java tools. */
    static void write(List<Taker> takers, Path lua, Path tsv) throws IOException {
        StringBuilder l = new StringBuilder("return {\n");
        StringBuilder t = new StringBuilder();
        for (Taker k : takers) {
            String ids = Arrays.stream(k.questionIds).mapToObj(Long::toString).collect(Collectors.joining(","));
            l.append("{t=\"").append(k.token).append("\",s=\"").append(k.sessionId).append("\",q={").append(ids).append("}},\n");
            t.append(k.token).append('\t').append(k.sessionId).append('\t').append(ids).append('\n');
        }
        Files.writeString(lua, l.append("}\n"));
        Files.writeString(tsv, t);
    }

    /** Reads the TSV written by {@link #write}. */
    static List<Taker> read(Path tsv) throws IOException {
        List<Taker> takers = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            takers.add(new Taker(f[0], f[1], Arrays.stream(f[2].split(",")).mapToLong(Long::parseLong).toArray()));
        }
        return takers;
    }
}
