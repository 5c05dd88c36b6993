package dev.speechload.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens real reports in a headless Chromium (Debian's {@code /usr/bin/chromium}, or the path in
 * system property {@code loadtest.chromium}); skipped, with the reason, when it is not installed.
 *
 * <p>Screenshots of a wide (1280 px) and a narrow (420 px) window, and of an A/B page in a wide
 * one, are kept in {@code <loadtest.root>/results/screenshots/} beside the pages, for people to
 * look at.
 *
 * <p>How "nothing left the file" is checked: every page carries a Content-Security-Policy of
 * {@code default-src 'none'} (inline styles and data: images only), and Chromium reports each
 * blocked load as a console message, which {@code --enable-logging=stderr --v=0} writes to stderr
 * as an {@code INFO:CONSOLE} line. The test asserts there is no such line, and first proves the
 * method works on a control copy of the page with one external image added, which must produce
 * one. Host names also resolve to nothing ({@code --host-resolver-rules}), so even a missed load
 * could not reach the network. A static parse of the page for external references and scripts
 * runs in {@link ReportersTests}.
 */
class ReportBrowserTests {

    private static final long TIMEOUT_SECONDS = 120;
    private static Path chromium;

    @TempDir
    Path profile;

    // Per test, not @BeforeAll: Surefire reports a class-level abort as "0 tests", hiding the reason.
    @BeforeEach
    void findChromium() {
        chromium = Path.of(System.getProperty("loadtest.chromium", "/usr/bin/chromium"));
        assumeTrue(
                Files.isExecutable(chromium),
                "no Chromium at " + chromium + " (install Debian's chromium package"
                        + " or set -Dloadtest.chromium=<path>): browser checks of the HTML report skipped");
    }

    static Path screenshots() throws IOException {
        String root = System.getProperty("loadtest.root");
        Path results = root == null || root.isBlank() ? Path.of("..", "results") : Path.of(root, "results");
        return Files.createDirectories(results.resolve("screenshots"));
    }

    @Test
    void rendersTheReportInAWideAndANarrowWindow() throws Exception {
        Path dir = screenshots();
        Path html = Reporters.writeTest(SampleOutcomes.judged("ReportBrowserTests.sample", 300), dir);

        for (int width : new int[] {1280, 420}) {
            assertScreenshot(html, dir.resolve("report-" + width + ".png"), width);
        }
    }

    @Test
    void rendersAnAbReportWithItsChartsAndNoConsoleMessage() throws Exception {
        Path dir = screenshots();
        Path html = Reporters.writeTest(SampleOutcomes.ab("ReportBrowserTests.abSample"), dir);

        assertScreenshot(html, dir.resolve("report-ab-1280.png"), 1280);
        Run run = chromium(profile.resolve("ab"), "--dump-dom", html.toUri().toString());

        assertThat(consoleLines(run.stderr())).as("console messages").isEmpty();
        assertThat(run.stdout())
                .contains(
                        "<h2 id=\"ab\">A/B comparison</h2>",
                        "<table id=\"pairs\">",
                        "id=\"ratio-latency-service-time-p99\"",
                        "<g class=\"dots open\"",
                        "id=\"ab-throughput\"");
    }

    /** Screenshots the page in a window {@code width} pixels wide and checks the picture shows something. */
    private void assertScreenshot(Path html, Path png, int width) throws Exception {
        Files.deleteIfExists(png);

        Run run = chromium(
                profile.resolve("w" + width + png.getFileName()),
                "--screenshot=" + png,
                "--window-size=" + width + ",2000",
                html.toUri().toString());

        assertThat(png).as("screenshot; chromium said:%n%s", run.stderr()).isRegularFile();
        assertThat(Files.size(png)).isGreaterThan(20_000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(2000);
        assertThat(distinctColours(image)).as("colours in the screenshot").isGreaterThan(50);
    }

    @Test
    void loadsNothingFromOutsideTheFileAndLogsNoConsoleMessage() throws Exception {
        Path html =
                Reporters.writeTest(SampleOutcomes.judged("<script>alert(1)</script>", 120), profile.resolve("out"));
        String page = Files.readString(html);
        Path control = profile.resolve("out").resolve("control.html");
        Files.writeString(control, page.replace("<main>", "<main><img src=\"http://example.invalid/leak.png\">"));

        Run controlRun =
                chromium(profile.resolve("c"), "--dump-dom", control.toUri().toString());
        assertThat(consoleLines(controlRun.stderr()))
                .as("the control page must show that a blocked load is logged; chromium said:%n%s", controlRun.stderr())
                .anySatisfy(l -> assertThat(l).contains("example.invalid"));

        Run run = chromium(profile.resolve("p"), "--dump-dom", html.toUri().toString());

        assertThat(consoleLines(run.stderr())).as("console messages").isEmpty();
        assertThat(run.stdout()).contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>", "<svg");
        assertThat(run.stdout().toLowerCase()).doesNotContain("<script");
    }

    private record Run(String stdout, String stderr) {}

    private Run chromium(Path userDataDir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--enable-logging=stderr",
                "--v=0",
                "--user-data-dir=" + userDataDir));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(profile, "chromium", ".out");
        Path err = Files.createTempFile(profile, "chromium", ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command + "\n"
                    + Files.readString(err));
        }
        return new Run(Files.readString(out), Files.readString(err));
    }

    private static List<String> consoleLines(String stderr) {
        return stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
