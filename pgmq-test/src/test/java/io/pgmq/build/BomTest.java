package io.pgmq.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * pgmq-bom pins every published pgmq artifact to the build's version. It has no parent (so that it
 * hands users no third-party pins), so nothing else keeps it in step with the modules: this does.
 */
class BomTest {

  private static final Path ROOT = Path.of("..");

  @Test
  void bom_hasTheParentsVersion() throws Exception {
    String parentVersion = child(pom(ROOT.resolve("pom.xml")), "version");

    Element bom = pom(ROOT.resolve("pgmq-bom/pom.xml"));

    assertThat(child(bom, "version")).isEqualTo(parentVersion);
    for (Element dependency : managedDependencies(bom)) {
      assertThat(child(dependency, "version"))
          .as("version of %s in pgmq-bom", child(dependency, "artifactId"))
          .isEqualTo(parentVersion);
    }
  }

  @Test
  void bom_listsExactlyThePublishedModules() throws Exception {
    TreeSet<String> published = new TreeSet<>();
    for (Element module : children(element(pom(ROOT.resolve("pom.xml")), "modules"))) {
      Path pomFile = ROOT.resolve(module.getTextContent().trim()).resolve("pom.xml");
      String text = Files.readString(pomFile);
      Element pom = pom(pomFile);
      boolean unpublished = text.contains("<maven.deploy.skip>true</maven.deploy.skip>");
      if (!unpublished && !child(pom, "artifactId").equals("pgmq-bom")) {
        published.add(child(pom, "artifactId"));
      }
    }

    TreeSet<String> listed = new TreeSet<>();
    for (Element dependency : managedDependencies(pom(ROOT.resolve("pgmq-bom/pom.xml")))) {
      listed.add(child(dependency, "artifactId"));
    }

    assertThat(listed)
        .as("pgmq-bom/pom.xml must list every module that is published (no maven.deploy.skip)")
        .isEqualTo(published);
  }

  private static List<Element> managedDependencies(Element pom) {
    return children(element(element(pom, "dependencyManagement"), "dependencies"));
  }

  private static Element pom(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(false);
    Document document = factory.newDocumentBuilder().parse(file.toFile());
    return document.getDocumentElement();
  }

  private static String child(Element parent, String name) {
    return element(parent, name).getTextContent().trim();
  }

  private static Element element(Element parent, String name) {
    for (Element e : children(parent)) {
      if (e.getTagName().equals(name)) {
        return e;
      }
    }
    throw new AssertionError("<" + parent.getTagName() + "> has no <" + name + ">");
  }

  private static List<Element> children(Element parent) {
    List<Element> result = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
        result.add((Element) nodes.item(i));
      }
    }
    return result;
  }
}
