package org.distr1.mirrors.node.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * argparse4j (Dropwizard's command-line parser) reads {@code --longitude -74.01} as two options and
 * refuses it, though negative decimals are every western or southern coordinate. Before parsing,
 * such a pair becomes {@code --longitude=-74.01}, which it reads as one.
 */
public final class CoordinateArguments {
  private static final Set<String> OPTIONS = Set.of("--latitude", "--longitude");

  private CoordinateArguments() {}

  public static String[] joined(String... args) {
    List<String> out = new ArrayList<>(args.length);
    for (int i = 0; i < args.length; i++) {
      if (OPTIONS.contains(args[i]) && i + 1 < args.length && isNegativeNumber(args[i + 1])) {
        out.add(args[i] + "=" + args[++i]);
      } else {
        out.add(args[i]);
      }
    }
    return out.toArray(String[]::new);
  }

  private static boolean isNegativeNumber(String arg) {
    if (!arg.startsWith("-")) {
      return false;
    }
    try {
      Double.parseDouble(arg);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
