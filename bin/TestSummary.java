import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sums the JUnit XML reports of a build (Surefire's and bnd-testing's in-framework ones) and the
 * browser test's TAP report, and prints
 * one closing line: {@code N passed, N failed, N skipped}. Usage: {@code java bin/TestSummary.java DIR}.
 */
public class TestSummary {

    private static final Pattern SUITE = Pattern.compile("<testsuite\\b[^>]*>");

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        long tests = 0, failures = 0, errors = 0, skipped = 0;
        List<Path> reports;
        try (Stream<Path> files = Files.walk(root)) {
            reports = files.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml"))
                    .filter(p -> p.toString().contains("/target/")).sorted().toList();
        }
        for (Path report : reports) {
            String xml = Files.readString(report);
            Matcher suite = SUITE.matcher(xml);
            if (suite.find()) {
                String header = suite.group();
                tests += attribute(header, "tests");
                failures += attribute(header, "failures");
                errors += attribute(header, "errors");
                skipped += attribute(header, "skipped");
            }
        }
        // The browser test reports in TAP (node's test runner): "# pass N", "# fail N", "# cancelled N".
        Path tap = root.resolve("browser-tests/out/results.tap");
        if (Files.isRegularFile(tap)) {
            long pass = 0;
            long fail = 0;
            long skip = 0;
            for (String line : Files.readAllLines(tap)) {
                pass = count(line, "# pass ", pass);
                fail = count(line, "# fail ", fail) + (line.startsWith("# cancelled ") ? count(line, "# cancelled ", 0) : 0);
                skip = count(line, "# skipped ", skip);
            }
            tests += pass + fail + skip;
            failures += fail;
            skipped += skip;
        }
        long failed = failures + errors;
        System.out.println("Test reports: " + reports.size() + " files" + (Files.isRegularFile(tap) ? " and " + tap : ""));
        System.out.println((tests - failed - skipped) + " passed, " + failed + " failed, " + skipped + " skipped");
    }

    private static long count(String line, String prefix, long otherwise) {
        return line.startsWith(prefix) ? Long.parseLong(line.substring(prefix.length()).trim()) : otherwise;
    }

    private static long attribute(String header, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"(\\d+)\"").matcher(header);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
