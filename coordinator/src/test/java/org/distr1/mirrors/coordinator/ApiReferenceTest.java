package org.distr1.mirrors.coordinator;

import java.nio.file.Path;
import org.distr1.mirrors.shared.testing.DocumentedEndpoints;
import org.junit.jupiter.api.Test;

/** docs/api.md has a section for every endpoint this module's Jersey resources declare. */
class ApiReferenceTest {
  @Test
  void everyEndpointIsDocumented() throws Exception {
    DocumentedEndpoints.assertAllDocumented(
        Path.of("target/classes"), "/api", Path.of("../docs/api.md"));
  }
}
