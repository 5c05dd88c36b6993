package dev.speechload.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The BOM users import ({@code speechload-bom/pom.xml}) says what the build really uses: it has no
 * parent (so it exports nothing else), so its versions are copies of the root pom's, and a copy
 * that drifts would align users' gRPC to a version speechload was never built or tested with.
 */
@DisplayName("speechload-bom")
class BomTests {

    private static final Path ROOT =
            Path.of(System.getProperty("loadtest.root", "..")).toAbsolutePath().normalize();

    @Test
    void carriesTheVersionsTheBuildUses() throws Exception {
        Element root = read(ROOT.resolve("pom.xml"));
        Element bom = read(ROOT.resolve("speechload-bom/pom.xml"));

        assertThat(text(child(bom, "version"))).as("BOM version").isEqualTo(text(child(root, "version")));
        assertThat(child(bom, "parent"))
                .as("the BOM's parent (none: it would export its dependencyManagement)")
                .isNull();
        for (String property : List.of("grpc.version", "protobuf.version", "okhttp.version")) {
            assertThat(text(child(child(bom, "properties"), property)))
                    .as("BOM property %s", property)
                    .isNotNull()
                    .isEqualTo(text(child(child(root, "properties"), property)));
        }
    }

    @Test
    void managesEveryModuleTheRootManages() throws Exception {
        List<String> rootModules = speechloadArtifacts(read(ROOT.resolve("pom.xml")));
        List<String> bomModules = speechloadArtifacts(read(ROOT.resolve("speechload-bom/pom.xml")));

        assertThat(rootModules).contains("loadtest-grpc", "loadtest-sse", "loadtest-core");
        assertThat(bomModules).containsExactlyInAnyOrderElementsOf(rootModules);
    }

    private static List<String> speechloadArtifacts(Element project) {
        List<String> artifacts = new ArrayList<>();
        Element dependencies = child(child(project, "dependencyManagement"), "dependencies");
        for (Node n = dependencies.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element dependency && "dev.speechload".equals(text(child(dependency, "groupId")))) {
                artifacts.add(text(child(dependency, "artifactId")));
            }
        }
        return artifacts;
    }

    private static Element read(Path pom) throws Exception {
        assertThat(pom).as("pom under loadtest.root").exists();
        try (var in = Files.newInputStream(pom)) {
            return DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(in)
                    .getDocumentElement();
        }
    }

    /** The direct child element named {@code name} (so a profile's properties never count), or null. */
    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element e) {
        return e == null ? null : e.getTextContent().trim();
    }
}
