package dev.speechload.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTests {

    private final Map<String, String> props = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    private Settings load(boolean console) {
        return Settings.load(props::get, env, console);
    }

    @Test
    void defaultsResolveDirectoriesFromTheRoot() {
        props.put("loadtest.root", "/work/repo");
        Settings s = load(false);
        assertThat(s.root()).isEqualTo(Path.of("/work/repo"));
        assertThat(s.resultsDir()).isEqualTo(Path.of("/work/repo/results"));
        assertThat(s.baselinesDir()).isEqualTo(Path.of("/work/repo/baselines"));
        assertThat(s.scale()).isEqualTo(Scale.FULL);
        assertThat(s.target()).isNull();
        assertThat(s.updateBaseline()).isFalse();
        assertThat(s.failOnRegression()).isTrue();
        assertThat(s.regressionThresholdPercent()).isNull();
        assertThat(s.sampleInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.progress()).isFalse();
    }

    @Test
    void readsEnvironmentVariablesWhenNoPropertyIsSet() {
        env.put("LOADTEST_ROOT", "/r");
        env.put("LOADTEST_SCALE", "full");
        env.put("LOADTEST_RESULTS_DIR", "out/results");
        env.put("LOADTEST_TARGET", "external");
        env.put("LOADTEST_EXTERNAL_GRPC", "127.0.0.1:50051");
        env.put("LOADTEST_REGRESSION_THRESHOLD", "35%");
        props.put("loadtest.scale", "smoke");
        Settings s = load(false);
        assertThat(s.scale()).isEqualTo(Scale.SMOKE);
        assertThat(s.resultsDir()).isEqualTo(Path.of("/r/out/results"));
        assertThat(s.target()).isEqualTo(TargetKind.EXTERNAL);
        assertThat(s.externalGrpc()).isEqualTo(URI.create("grpc://127.0.0.1:50051"));
        assertThat(s.regressionThresholdPercent()).isEqualTo(35.0);
    }

    @Test
    void progressDefaultsOnOnlyWithAConsoleOutsideCi() {
        assertThat(load(true).progress()).isTrue();
        env.put("CI", "true");
        assertThat(load(true).progress()).isFalse();
        props.put("loadtest.progress", "true");
        assertThat(load(false).progress()).isTrue();
    }

    @Test
    void listsEveryBadValueWithTheAcceptedOnes() {
        props.put("loadtest.scale", "fast");
        props.put("loadtest.target", "cloud");
        props.put("loadtest.updateBaseline", "yes");
        props.put("loadtest.sampleInterval", "often");
        props.put("loadtest.external.http", "ftp://x:1");
        assertThatThrownBy(() -> load(false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        String.join(
                                "\n",
                                "loadtest.updateBaseline=yes: expected true | false",
                                "loadtest.scale=fast: expected smoke | full",
                                "loadtest.target=cloud: expected process | container | external",
                                "loadtest.external.http=ftp://x:1: expected http://host:port or https://host:port",
                                "loadtest.sampleInterval=often: expected a duration such as 500ms, 2s, 1m30s or PT2S, above 0"));
    }

    @Test
    void externalTargetNeedsAnAddress() {
        props.put("loadtest.target", "external");
        assertThatThrownBy(() -> load(false))
                .hasMessage("loadtest.target=external: set loadtest.external.grpc"
                        + " (host:port) or loadtest.external.http (http://host:port) to the running server");
    }

    @Test
    void namesEnvironmentVariablesAfterKeys() {
        assertThat(Settings.envName("loadtest.resultsDir")).isEqualTo("LOADTEST_RESULTS_DIR");
        assertThat(Settings.envName("loadtest.external.grpc")).isEqualTo("LOADTEST_EXTERNAL_GRPC");
        assertThat(Settings.envName("loadtest.scale")).isEqualTo("LOADTEST_SCALE");
    }

    @Test
    void historyIsOnAtItsDefaultPlaceUnlessTurnedOffOrPointedElsewhere() {
        assertThat(load(false).history()).isEqualTo(HistoryMode.ON);
        assertThat(load(false).historyUrl()).isNull();
        env.put("LOADTEST_HISTORY_URL", "jdbc:postgresql://db:5432/speechload");
        props.put("loadtest.history", "required");
        assertThat(load(false).historyUrl()).isEqualTo("jdbc:postgresql://db:5432/speechload");
        assertThat(load(false).history()).isEqualTo(HistoryMode.REQUIRED);
    }

    @Test
    void rejectsAHistoryUrlThatIsNoJdbcUrlAndAnUnknownMode() {
        props.put("loadtest.history.url", "postgres://db/speechload");
        props.put("loadtest.history", "maybe");
        assertThatThrownBy(() -> load(false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loadtest.history=maybe: expected on | off | required\n"
                        + "loadtest.history.url=postgres://db/speechload: expected a JDBC URL such as"
                        + " jdbc:postgresql://host:5432/speechload or jdbc:h2:file:/path/history");
    }

    @Test
    void readsTheLiveViewPortAloneOrOnLoopback() {
        assertThat(load(false).livePort()).isNull();
        props.put("loadtest.live", "8080");
        assertThat(load(false).livePort()).isEqualTo(8080);
        props.put("loadtest.live", "0");
        assertThat(load(false).livePort()).isZero();
        props.put("loadtest.live", "127.0.0.1:9000");
        assertThat(load(false).livePort()).isEqualTo(9000);
        props.put("loadtest.live", "localhost:9001");
        assertThat(load(false).livePort()).isEqualTo(9001);
        props.put("loadtest.live", "off");
        assertThat(load(false).livePort()).isNull();
    }

    @Test
    void refusesALiveViewOnAnotherHostOrABadPort() {
        props.put("loadtest.live", "0.0.0.0:8080");
        assertThatThrownBy(() -> load(false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loadtest.live=0.0.0.0:8080: the live view listens on loopback (127.0.0.1) only, never on"
                        + " 0.0.0.0: give the port alone, e.g. loadtest.live=8080 (0 = any free port), and reach it"
                        + " from another machine through an SSH tunnel");
        props.put("loadtest.live", "70000");
        assertThatThrownBy(() -> load(false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loadtest.live=70000: expected a port from 0 to 65535 for the live view on 127.0.0.1"
                        + " (0 = any free port, off = none)");
        props.put("loadtest.live", "yes");
        assertThatThrownBy(() -> load(false)).hasMessageStartingWith("loadtest.live=yes: expected a port");
    }

    @Test
    void channelThreadsArePlatformUnlessVirtualIsAskedForByPropertyOrEnvironment() {
        assertThat(load(false).channelThreads()).isEqualTo(ChannelThreadKind.PLATFORM);
        env.put("LOADTEST_CHANNEL_THREADS", "virtual");
        assertThat(load(false).channelThreads()).isEqualTo(ChannelThreadKind.VIRTUAL);
        props.put("loadtest.channelThreads", "Platform");
        assertThat(load(false).channelThreads()).isEqualTo(ChannelThreadKind.PLATFORM);
    }

    @Test
    void refusesAnUnknownKindOfChannelThreadsNamingTheChoices() {
        props.put("loadtest.channelThreads", "green");
        assertThatThrownBy(() -> load(false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loadtest.channelThreads=green: expected platform | virtual");
    }
}
