package org.distr1.mirrors.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.distr1.mirrors.shared.testing.DocumentedEndpoints;
import org.junit.jupiter.api.Test;

/** docs/api.md has a section for every endpoint this module's Jersey resources declare. */
class ApiReferenceTest {
  @Test
  void everyEndpointIsDocumented() throws Exception {
    String reference = Files.readString(Path.of("../docs/api.md"));
    var endpoints = DocumentedEndpoints.declared(Path.of("target/classes"), "/api");
    assertThat(endpoints).isNotEmpty();
    assertThat(endpoints)
        .as("endpoints without a \"### `METHOD /path`\" section in docs/api.md")
        .allSatisfy(endpoint -> assertThat(reference).contains("### `" + endpoint + "`"));
  }
}
