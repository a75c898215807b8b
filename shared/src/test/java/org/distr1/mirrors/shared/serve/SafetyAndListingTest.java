package org.distr1.mirrors.shared.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Nothing outside the tree, nothing hidden, ever; listings show exactly what can be served. */
class SafetyAndListingTest {
  @TempDir static Path base;
  static ServedTree tree;

  @BeforeAll
  static void serve() throws Exception {
    tree = new ServedTree(base);
  }

  @AfterAll
  static void stop() throws Exception {
    tree.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/../tree-outside/secret",
        "/distri/../../tree-outside/secret",
        "/distri/%2e%2e/%2e%2e/tree-outside/secret",
        "/distri/%2E%2E/%2E%2E/tree-outside/secret",
        "/distri/..%2f..%2ftree-outside%2fsecret",
        "/distri/%252e%252e/%252e%252e/tree-outside/secret",
        "/distri/jackherer/pkg/bash-5.1.squashfs%00.txt",
        "/distri/%5c..%5c..%5ctree-outside%5csecret",
        "/distri\\..\\..\\tree-outside\\secret",
        "/distri/%c0%ae%c0%ae/secret",
        "/distri/a%0d%0aX-Injected:%20yes",
      })
  void traversalAndEncodingAttacksAreRejected(String target) throws Exception {
    String response = tree.raw(target);
    assertThat(ServedTree.status(response)).as(response).isEqualTo(400);
    assertThat(response).doesNotContain(ServeFixture.SECRET).doesNotContain("X-Injected: yes");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/distri/jackherer/pkg/escape.squashfs",
        "/distri/escape-dir/secret",
        "/distri/escape-dir/",
        "/distri/jackherer/pkg/.~tmp~/bash-5.1.squashfs",
        "/distri/jackherer/pkg/.~tmp~/",
        "/distri/jackherer/pkg/.bash-5.2.squashfs.Xy12Ab",
        "/distri/jackherer/pkg/missing.squashfs",
      })
  void symlinksOutOfTheTreeAndHiddenFilesAreNotFound(String target) throws Exception {
    HttpResponse<byte[]> response = tree.get(target, "Accept-Encoding", "zstd, gzip");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(new String(response.body(), StandardCharsets.UTF_8))
        .contains("not_found")
        .doesNotContain(ServeFixture.SECRET);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void symlinksInsideTheTreeAreServed() throws Exception {
    HttpResponse<byte[]> response = tree.get("/distri/jackherer/pkg/alias.squashfs");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(tree.original(ServeFixture.BOTH));
  }

  @Test
  void otherMethodsAre405() throws Exception {
    HttpResponse<byte[]> response = tree.send("DELETE", "/" + ServeFixture.BOTH);
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void directoriesWithoutSlashRedirect() throws Exception {
    HttpResponse<byte[]> response = tree.get("/distri/jackherer?x=1");
    assertThat(response.statusCode()).isEqualTo(301);
    assertThat(response.headers().firstValue("Location")).hasValue("/distri/jackherer/?x=1");
  }

  @Test
  void htmlListingShowsVisibleEntriesOnly() throws Exception {
    HttpResponse<byte[]> response =
        tree.get("/distri/jackherer/pkg/", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    String html = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(html)
        .contains("<a href=\"bash-5.1.squashfs\">bash-5.1.squashfs</a>")
        .contains("bash-5.1.squashfs.zst")
        .contains("alias.squashfs")
        .contains("<a href=\"../\">")
        .doesNotContain(".~tmp~")
        .doesNotContain("Xy12Ab")
        .doesNotContain("escape.squashfs");
    assertThat(new String(tree.get("/").body(), StandardCharsets.UTF_8))
        .contains("<a href=\"distri/\">distri/</a>");
  }

  @Test
  void jsonListingHasNameTypeSizeAndMtime() throws Exception {
    HttpResponse<byte[]> response = tree.get("/distri/jackherer/", "Accept", "application/json");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("Vary")).hasValue("Accept");
    JsonNode entries = new ObjectMapper().readTree(response.body());
    List<String> names = new ArrayList<>();
    entries.forEach(entry -> names.add(entry.get("name").asText()));
    assertThat(names).containsExactly("img", "pkg");
    assertThat(entries.get(0).get("type").asText()).isEqualTo("directory");
    assertThat(entries.get(0).has("size")).isFalse();

    JsonNode pkg =
        new ObjectMapper()
            .readTree(tree.get("/distri/jackherer/pkg/", "Accept", "application/json").body());
    JsonNode bash = null;
    for (JsonNode entry : pkg) {
      assertThat(entry.get("name").asText()).doesNotStartWith(".").isNotEqualTo("escape.squashfs");
      if (entry.get("name").asText().equals("bash-5.1.squashfs")) {
        bash = entry;
      }
    }
    assertThat(bash).isNotNull();
    assertThat(bash.get("type").asText()).isEqualTo("file");
    assertThat(bash.get("size").asLong()).isEqualTo(200 * 1024);
    assertThat(bash.get("mtime").asText()).isEqualTo("2024-03-01T10:00:00Z");
  }
}
