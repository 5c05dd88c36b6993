package dev.speechload.core.target.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.PullResponseItem;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link DockerEngine} through the engine Testcontainers finds (same strategies: DOCKER_HOST,
 * ~/.testcontainers.properties, the default socket, rootless, Docker Desktop), but with a plain
 * client of its own: {@code DockerClientFactory.client()} would start Ryuk, pulling its image,
 * which is what the preflight must check first. Not thread-safe; single use.
 */
final class TestcontainersEngine implements DockerEngine {

    private static final Pattern ENGINE_MESSAGE =
            Pattern.compile("Status \\d+: \\{\"message\":\"(.*)\"}\\s*", Pattern.DOTALL);

    private final DockerClient client;
    private final String host;

    private TestcontainersEngine(DockerClient client, String host) {
        this.client = client;
        this.host = host;
    }

    static DockerEngine connect() throws UnreachableException {
        TransportConfig transport;
        try {
            transport = DockerClientFactory.instance().getTransportConfig();
        } catch (RuntimeException e) {
            throw new UnreachableException("Testcontainers found no working Docker engine: " + e.getMessage(), e);
        }
        String host = String.valueOf(transport.getDockerHost());
        try {
            DockerClient client = DockerClientProviderStrategy.getClientForConfig(transport);
            client.pingCmd().exec();
            return new TestcontainersEngine(client, host);
        } catch (RuntimeException e) {
            throw new UnreachableException(
                    "the Docker engine at " + host + " does not answer: " + ContainerImage.rootMessage(e), e);
        }
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public boolean hasImage(String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public Optional<String> pull(String image, Duration firstAnswer, Duration whole) {
        DockerImageName name = DockerImageName.parse(image);
        CountDownLatch answered = new CountDownLatch(1);
        AtomicReference<String> error = new AtomicReference<>();
        ResultCallback.Adapter<PullResponseItem> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(PullResponseItem item) {
                if (item.isErrorIndicated()) {
                    error.compareAndSet(
                            null,
                            item.getErrorDetail() != null
                                            && item.getErrorDetail().getMessage() != null
                                    ? item.getErrorDetail().getMessage()
                                    : item.getError());
                }
                answered.countDown();
            }

            @Override
            public void onError(Throwable throwable) {
                error.compareAndSet(null, engineWords(throwable));
                answered.countDown();
                super.onError(throwable);
            }

            @Override
            public void onComplete() {
                answered.countDown();
                super.onComplete();
            }
        };
        String repository =
                name.getRegistry().isEmpty() ? name.getRepository() : name.getRegistry() + "/" + name.getRepository();
        try (callback) {
            client.pullImageCmd(repository).withTag(name.getVersionPart()).exec(callback);
            if (!answered.await(firstAnswer.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.of("its registry did not answer within " + Durations.text(firstAnswer));
            }
            if (error.get() == null && !callback.awaitCompletion(whole.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.of("the pull did not finish within " + Durations.text(whole));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while pulling");
        } catch (IOException | RuntimeException e) {
            error.compareAndSet(null, engineWords(e));
        }
        return error.get() != null
                ? Optional.of(error.get())
                : hasImage(image) ? Optional.empty() : Optional.of("the engine reported no error, yet has no " + image);
    }

    @Override
    public Map<String, String> containersLabelled(String label) {
        Map<String, String> found = new LinkedHashMap<>();
        for (Container c : client.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(label))
                .exec()) {
            found.put(c.getId(), c.getLabels() == null ? "" : c.getLabels().getOrDefault(label, ""));
        }
        return found;
    }

    @Override
    public void removeContainer(String id) {
        try {
            client.removeContainerCmd(id)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
        } catch (NotFoundException e) {
            // removed meanwhile: what was wanted
        }
    }

    /**
     * The engine's own message: docker-java wraps an error answer as {@code Status 500:
     * {"message":"..."}}.
     */
    static String engineWords(Throwable e) {
        String text = ContainerImage.rootMessage(e);
        Matcher m = ENGINE_MESSAGE.matcher(text);
        return m.matches() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : text;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // nothing was left open that matters: the engine forgets a client that goes away
        }
    }
}
