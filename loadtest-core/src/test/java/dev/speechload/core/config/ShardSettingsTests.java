package dev.speechload.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("loadtest.shard, loadtest.shards and loadtest.startAt")
class ShardSettingsTests {

    private final Map<String, String> props = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    private Settings load() {
        return Settings.load(props::get, env, false);
    }

    @Test
    void unshardedByDefault() {
        env.put(Settings.JOB_COMPLETION_INDEX, "2");

        Settings s = load();

        assertThat(s.shard()).isNull();
        assertThat(s.startAt()).isNull();
    }

    @Test
    void readsTheGapBetweenTheCommonStartsOfTestsAndRefusesOneLongerThanAStartMayBeAhead() {
        assertThat(load().startGap()).isEqualTo(Settings.DEFAULT_START_GAP).isEqualTo(java.time.Duration.ofSeconds(20));
        env.put("LOADTEST_START_GAP", "45s");
        assertThat(load().startGap()).isEqualTo(java.time.Duration.ofSeconds(45));

        props.put(Settings.START_GAP, "11m");
        assertThatThrownBy(this::load)
                .hasMessage("loadtest.startGap=11m: expected at most 10m (a start may be at" + " most that far ahead)");
    }

    @Test
    void readsTheShardAndTheStartInstantInBothForms() {
        props.put(Settings.SHARD, "1/3");
        props.put(Settings.START_AT, "1796526000000");

        Settings s = load();

        assertThat(s.shard()).isEqualTo(new Shard(1, 3));
        assertThat(s.startAt()).isEqualTo(Instant.ofEpochMilli(1796526000000L));

        props.put(Settings.START_AT, "2026-12-06T03:00:00Z");
        assertThat(load().startAt()).isEqualTo(Instant.parse("2026-12-06T03:00:00Z"));
    }

    @Test
    void takesTheIndexOfAKubernetesIndexedJobWithTheShardCount() {
        env.put(Settings.JOB_COMPLETION_INDEX, "2");
        env.put("LOADTEST_SHARDS", "4");

        assertThat(load().shard()).isEqualTo(new Shard(2, 4));
    }

    @Test
    void reportsEveryBadShardOrStartValue() {
        props.put(Settings.SHARD, "3/3");
        props.put(Settings.START_AT, "tomorrow");

        assertThatThrownBy(this::load)
                .hasMessage(
                        "loadtest.shard=3/3: expected i/n, the 0-based shard index and the number of shards (0/3, 1/3, 2/3),"
                                + " with n from 1 to 1000\n"
                                + "loadtest.startAt=tomorrow: expected epoch milliseconds (1796526000000) or an ISO instant"
                                + " (2026-12-06T03:00:00Z)");
    }

    @Test
    void refusesToRecordAShardAsTheBaseline() {
        props.put(Settings.SHARD, "0/2");
        props.put(Settings.UPDATE_BASELINE, "true");

        assertThatThrownBy(this::load)
                .hasMessage("loadtest.shard=0/2 and loadtest.updateBaseline=true exclude each"
                        + " other: a shard holds part of the load; merge the shards (speechload merge) and record the merged"
                        + " result with speechload baseline update");
    }

    @Test
    void refusesAShardCountWithoutAnIndex() {
        props.put(Settings.SHARDS, "3");

        assertThatThrownBy(this::load)
                .hasMessage("loadtest.shards=3 needs the shard index: set loadtest.shard=i/3"
                        + " or run in a Kubernetes Indexed Job (which sets JOB_COMPLETION_INDEX)");
    }

    @Test
    void refusesAnIndexBeyondTheShardCount() {
        env.put(Settings.JOB_COMPLETION_INDEX, "5");
        props.put(Settings.SHARDS, "3");

        assertThatThrownBy(this::load)
                .hasMessage("JOB_COMPLETION_INDEX=5 with loadtest.shards=3: expected an index"
                        + " from 0 to 2 (set the Job's completions to loadtest.shards)");
    }
}
