package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link MirrorProfile#COLUMNS} and {@link MirrorProfile#VALUES} name every component, in order: a
 * component left out of them would be neither stored nor read, and Jdbi would not say so.
 */
class MirrorProfileColumnsTest {

  private static final List<String> COMPONENTS =
      Arrays.stream(MirrorProfile.class.getRecordComponents())
          .map(RecordComponent::getName)
          .toList();

  @Test
  void theColumnsAreTheComponentsInSnakeCase() {
    assertThat(split(MirrorProfile.COLUMNS))
        .containsExactlyElementsOf(
            COMPONENTS.stream().map(c -> c.replaceAll("([A-Z])", "_$1").toLowerCase()).toList());
  }

  @Test
  void theValuesBindEveryComponent() {
    assertThat(split(MirrorProfile.VALUES))
        .containsExactlyElementsOf(COMPONENTS.stream().map(c -> ":p." + c).toList());
  }

  private static List<String> split(String list) {
    return Arrays.stream(list.split(",")).map(String::strip).toList();
  }
}
