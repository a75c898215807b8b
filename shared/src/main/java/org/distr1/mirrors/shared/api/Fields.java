package org.distr1.mirrors.shared.api;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Shape checks shared by the wire records; messages name the field. */
final class Fields {

  // deliberately loose: one @, something before it, a dotted domain after; no spaces
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private Fields() {}

  static void requireText(String field, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (value.length() > maxLength) {
      throw new IllegalArgumentException(field + " must be at most " + maxLength + " characters");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(field + " must not contain control characters");
    }
  }

  static void requireEmail(String field, String value) {
    requireText(field, value, 320);
    if (!EMAIL.matcher(value.strip()).matches()) {
      throw new IllegalArgumentException(field + " must be an e-mail address, got '" + value + "'");
    }
  }

  static List<String> list(String field, List<String> values, int maxSize) {
    if (values == null) {
      return List.of();
    }
    if (values.size() > maxSize) {
      throw new IllegalArgumentException(field + " may hold at most " + maxSize + " entries");
    }
    if (values.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException(field + " must not contain null");
    }
    return List.copyOf(values);
  }
}
