package dev.almanac.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * pgbench itself, with a custom script in place of {@code -S}'s {@code pgbench_accounts} lookup: the
 * same primary-key read on our tables. {@code -M prepared} like our JDBC baseline; per-transaction
 * logs ({@code -l}) give the latency percentiles, which pgbench does not print.
 */
final class Pgbench {
    static final String PROJECT_SCRIPT = """
            \\set n random(1, %d)
            SELECT %s FROM projects WHERE tenant_id = '%s' AND id = 'proj-' || lpad(:n::text, 6, '0');
            """;
    static final String META_SCRIPT = """
            \\set n random(1, %d)
            \\set k random(1, 10)
            SELECT %s FROM project_meta WHERE tenant_id = '%s' AND project_id = 'proj-' || lpad(:n::text, 6, '0')
              AND key = (ARRAY['category','tags','owner','summary','priority','budget','region','language','reviewed','quality'])[:k];
            """;
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private final String executable;
    private final int port;

    Pgbench(String executable, int port) {
        this.executable = executable;
        this.port = port;
    }

    static boolean available(String executable) {
        return Files.isExecutable(Path.of(executable));
    }

    Load.Result run(String name, String script, int clients, Duration warmup, Duration measure, Cpu cpu)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("almanac-pgbench");
        Path scriptFile = Files.writeString(dir.resolve("script.sql"), script.strip().replace("\n  ", " ") + "\n");
        Log.info("%s: %d clients, %ds warm-up + %ds", name, clients, warmup.toSeconds(), measure.toSeconds());
        invoke(scriptFile, clients, warmup, null);
        // pgbench's backends exit with it; give the postmaster a moment to reap them (until then
        // their CPU time shows up nowhere in /proc), before and after the measured run.
        Thread.sleep(500);
        Cpu.Snapshot before = cpu.snapshot();
        String output = invoke(scriptFile, clients, measure, dir.resolve("log"));
        Thread.sleep(500);
        Cpu.Usage usage = cpu.between(before, cpu.snapshot(), measure.toSeconds());
        Matcher tps = TPS.matcher(output);
        if (!tps.find()) throw new IOException("no tps in pgbench output:\n" + output);
        Histogram latency = new Histogram(3);
        long requests = readLatencies(dir, latency);
        double perSecond = Double.parseDouble(tps.group(1));
        // pgbench's own tps excludes connection time; keep it and let requests/window reproduce it.
        Duration window = Duration.ofNanos((long) (requests / perSecond * 1e9));
        Load.Result r = new Load.Result(name, clients, requests, failures(output), window, latency, usage);
        Log.info("%s: %.0f req/s, p50 %.2f ms, p99 %.2f ms", name, r.perSecond(), r.percentileMillis(50),
                r.percentileMillis(99));
        return r;
    }

    private String invoke(Path script, int clients, Duration duration, Path logPrefix)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable, "-n", "-M", "prepared",
                "-c", Integer.toString(clients), "-j", "2", "-T", Long.toString(duration.toSeconds()),
                "-f", script.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres"));
        if (logPrefix != null) command.addAll(List.of("-l", "--log-prefix=" + logPrefix));
        command.add("postgres");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException("pgbench failed:\n" + output);
        return output;
    }

    /** Log lines: {@code client_id transaction_no time_us script_no epoch epoch_us}. */
    private static long readLatencies(Path dir, Histogram into) throws IOException {
        long count = 0;
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().startsWith("log")).toList()) {
                for (String line : Files.readAllLines(log)) {
                    String[] f = line.split(" ");
                    into.recordValue(Math.max(1, Long.parseLong(f[2])));
                    count++;
                }
            }
        }
        return count;
    }

    private static long failures(String output) {
        Matcher m = Pattern.compile("number of failed transactions: (\\d+)").matcher(output);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
