package dev.speechload.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.target.TargetException;
import dev.speechload.core.target.TargetUnavailableException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FakeTarget")
class FakeTargetTests {

    @Test
    void pointsAtTheGivenAddressAndCountsItsStartsAndClosesRunningTheGivenActions() {
        List<String> events = new ArrayList<>();
        FakeTarget target = FakeTarget.http(8080)
                .withStartAction(() -> events.add("start"))
                .withCloseAction(() -> events.add("close"))
                .withPid(4242);

        target.start();
        target.close();
        target.close();

        assertThat(target.endpoints().http()).hasToString("http://127.0.0.1:8080");
        assertThat(target.description()).isEqualTo("fake process target at http://127.0.0.1:8080");
        assertThat(target.info().pid()).isEqualTo(4242);
        assertThat(target.starts()).isEqualTo(1);
        assertThat(target.closes()).isEqualTo(2);
        assertThat(events).containsExactly("start", "close", "close");
    }

    @Test
    void aStartActionThatThrowsFailsTheStartWithItsException() {
        FakeTarget target = FakeTarget.grpc(50051).withKind("container").withStartAction(() -> {
            throw new TargetException("port 50051 is in use");
        });

        assertThatThrownBy(target::start).isInstanceOf(TargetException.class).hasMessage("port 50051 is in use");
        assertThat(target.starts()).isEqualTo(1);
        assertThat(target.description()).isEqualTo("fake container target at grpc://127.0.0.1:50051");
    }

    @Test
    void anUnavailableTargetRefusesToStartGivingItsReason() {
        FakeTarget target = FakeTarget.unavailable("no Docker engine").withKind("container");

        assertThatThrownBy(target::start)
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessage("no Docker engine");
        assertThat(target.description()).isEqualTo("unavailable container target (no Docker engine)");
        assertThat(target.isRunning()).isFalse();
    }

    @Test
    void aTargetThatDiesStopsRunningAndItsLivenessReportsHow() {
        FakeTarget target = FakeTarget.noEndpoints();
        target.start();
        assertThat(target.isRunning()).isTrue();
        assertThat(target.liveness().check()).isEmpty();

        target.die("exited with code 137");

        assertThat(target.isRunning()).isFalse();
        assertThat(target.liveness().check())
                .hasValueSatisfying(death -> assertThat(death.cause()).isEqualTo("exited with code 137"));
        assertThat(target.description()).isEqualTo("fake process target");
    }

    @Test
    void withMethodsReturnACopyAndLeaveTheOriginalAsItWas() {
        FakeTarget original = FakeTarget.http(1);
        FakeTarget container = original.withKind("container");

        assertThat(original.kind()).isEqualTo("process");
        assertThat(container.kind()).isEqualTo("container");
        assertThat(original.pid()).isEmpty();
        assertThat(original.resourceProbe()).isEmpty();
    }
}
