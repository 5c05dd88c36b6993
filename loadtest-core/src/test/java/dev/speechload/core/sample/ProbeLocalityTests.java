package dev.speechload.core.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ProbeLocalityTests {

    @Test
    void aMetricsEndpointOnALoopbackAddressRunsOnThisMachine() {
        for (String host : new String[] {"127.0.0.1", "localhost", "[::1]", "127.0.1.1"}) {
            URI url = URI.create("http://" + host + ":8080/metrics");
            assertThat(ResourceProbes.metricsJson(url).onThisMachine()).as(host).isTrue();
            assertThat(ResourceProbes.prometheus(url).onThisMachine()).as(host).isTrue();
        }
    }

    @Test
    void anyOtherHostIsRemote() {
        URI url = URI.create("http://speech.example.com:8080/metrics");
        assertThat(ResourceProbes.metricsJson(url).onThisMachine()).isFalse();
        assertThat(ResourceProbes.prometheus(URI.create("http://10.1.2.3/metrics"))
                        .onThisMachine())
                .isFalse();
    }

    @Test
    void aProcProbeAndAProbeThatDoesNotSayRunHere() {
        assertThat(ResourceProbes.proc(1).onThisMachine()).isTrue();
        ResourceProbe custom = new ResourceProbe() {
            @Override
            public ResourceReading read() {
                return ResourceReading.UNKNOWN;
            }

            @Override
            public String description() {
                return "custom";
            }
        };
        assertThat(custom.onThisMachine()).isTrue();
    }
}
