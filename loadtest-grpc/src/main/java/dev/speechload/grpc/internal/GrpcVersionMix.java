package dev.speechload.grpc.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says once per JVM what a {@link LinkageError} inside gRPC means: io.grpc artifacts of
 * different versions on the class path (Maven picks each one's version separately), and how to
 * cure it. Without it the sessions only fail with a status the server never sent. Thread-safe.
 * Not API.
 */
final class GrpcVersionMix {

    private static final Logger LOG = LoggerFactory.getLogger(GrpcVersionMix.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private GrpcVersionMix() {}

    static void warnOnce(LinkageError error) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn(
                    "gRPC failed inside the client with {}: the io.grpc artifacts on the class path have different"
                            + " versions (grpc-core here is {}). Give all of them one version: import"
                            + " dev.speechload:speechload-bom in <dependencyManagement> before any other BOM that manages"
                            + " io.grpc (docs/user-guide.md, \"Versions\"). Such sessions fail with CLIENT_LINKAGE.",
                    error,
                    grpcCoreVersion());
        }
    }

    private static String grpcCoreVersion() {
        try {
            return String.valueOf(Class.forName("io.grpc.internal.GrpcUtil")
                    .getField("IMPLEMENTATION_VERSION")
                    .get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return "unknown";
        }
    }
}
