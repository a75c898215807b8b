package org.distr1.mirrors.coordinator.propagation;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.distr1.mirrors.shared.text.Human;

/**
 * The status page's propagation plot, drawn here as SVG (no script, no library): one line per
 * mirror, a point per origin change at the time it happened and as high as the time the mirror took
 * to hold it; a hollow point for a change the mirror is still behind on (as high as it has been
 * behind so far). Lags beyond the plot's top sit on it. Every point has a {@code <title>} saying it
 * in words, and the legend names each line, so colour is never the only signal.
 */
final class PropagationPlot {
  static final int WIDTH = 760;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 16;
  private static final int PLOT_HEIGHT = 220;
  private static final int AXIS = 36;
  private static final int LEGEND_ROW = 18;
  private static final int LEGEND_COLUMNS = 4;
  static final String[] COLOURS = {
    "#1b6ac9", "#d1495b", "#2a9d8f", "#e9a23b", "#7b4fb8", "#5c8001", "#c2549d", "#4d5b6a"
  };
  private static final long[] STEPS_SECONDS = {
    60, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800
  };
  private static final DateTimeFormatter TICK =
      DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private PropagationPlot() {}

  static String svg(PropagationAnswer answer) {
    List<PropagationAnswer.Mirror> mirrors = answer.mirrors();
    int legendRows = (mirrors.size() + LEGEND_COLUMNS - 1) / LEGEND_COLUMNS;
    int height = TOP + PLOT_HEIGHT + AXIS + Math.max(1, legendRows) * LEGEND_ROW + 8;
    long from = answer.from().getEpochSecond();
    long to = Math.max(from + 1, answer.to().getEpochSecond());
    long top = topSeconds(answer, to - from);
    StringBuilder svg = new StringBuilder(4096);
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" role=\"img\" aria-labelledby=\"propagation-title\"")
        .append(" font-family=\"sans-serif\" font-size=\"11\">")
        .append("<title id=\"propagation-title\">How long each origin change took to reach each")
        .append(" mirror, ")
        .append(text(TICK.format(answer.from())))
        .append(" to ")
        .append(text(TICK.format(answer.to())))
        .append(" UTC</title>");
    svg.append("<rect x=\"")
        .append(LEFT)
        .append("\" y=\"")
        .append(TOP)
        .append("\" width=\"")
        .append(WIDTH - LEFT - RIGHT)
        .append("\" height=\"")
        .append(PLOT_HEIGHT)
        .append("\" fill=\"none\" stroke=\"#999\"/>");
    yAxis(svg, top);
    xAxis(svg, from, to);
    if (mirrors.stream().allMatch(m -> m.samples().isEmpty())) {
      svg.append("<text class=\"empty\" x=\"")
          .append(LEFT + (WIDTH - LEFT - RIGHT) / 2)
          .append("\" y=\"")
          .append(TOP + PLOT_HEIGHT / 2)
          .append("\" text-anchor=\"middle\" fill=\"#555\">No origin change reached a mirror in")
          .append(" this window yet.</text>");
    }
    for (int i = 0; i < mirrors.size(); i++) {
      series(svg, mirrors.get(i), COLOURS[i % COLOURS.length], from, to, top);
    }
    legend(svg, mirrors, TOP + PLOT_HEIGHT + AXIS);
    return svg.append("</svg>").toString();
  }

  /** The plot's top: the largest lag shown, rounded up to a step; at least 10 min. */
  private static long topSeconds(PropagationAnswer answer, long window) {
    long max = 600;
    for (PropagationAnswer.Mirror mirror : answer.mirrors()) {
      for (PropagationAnswer.Sample sample : mirror.samples()) {
        max = Math.max(max, sample.lagSeconds());
      }
    }
    max = Math.min(max, Math.max(600, window));
    long step = step(max);
    return (max + step - 1) / step * step;
  }

  /** A round step that divides {@code max} into at most five parts. */
  private static long step(long max) {
    for (long step : STEPS_SECONDS) {
      if (max / step <= 5) {
        return step;
      }
    }
    return STEPS_SECONDS[STEPS_SECONDS.length - 1];
  }

  private static double x(long epochSecond, long from, long to) {
    long clipped = Math.max(from, Math.min(to, epochSecond));
    return LEFT + (WIDTH - LEFT - RIGHT) * (double) (clipped - from) / (to - from);
  }

  private static double y(long lagSeconds, long top) {
    long clipped = Math.max(0, Math.min(top, lagSeconds));
    return TOP + PLOT_HEIGHT - PLOT_HEIGHT * (double) clipped / top;
  }

  private static void yAxis(StringBuilder svg, long top) {
    long step = step(top);
    for (long lag = 0; lag <= top; lag += step) {
      double y = y(lag, top);
      svg.append("<line x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(WIDTH - RIGHT)
          .append("\" y1=\"")
          .append(num(y))
          .append("\" y2=\"")
          .append(num(y))
          .append("\" stroke=\"#ddd\"/><text x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(num(y + 4))
          .append("\" text-anchor=\"end\">")
          .append(Human.duration(Duration.ofSeconds(lag)))
          .append("</text>");
    }
    if (top >= 86_400) { // the freshness rule every mirror promises
      double y = y(86_400, top);
      svg.append("<line class=\"rule\" x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(WIDTH - RIGHT)
          .append("\" y1=\"")
          .append(num(y))
          .append("\" y2=\"")
          .append(num(y))
          .append("\" stroke=\"#b00\" stroke-dasharray=\"4 3\"><title>24 h: a mirror behind by")
          .append(" more breaks the mirror requirements</title></line>");
    }
    svg.append("<text x=\"12\" y=\"")
        .append(TOP + PLOT_HEIGHT / 2)
        .append("\" transform=\"rotate(-90 12 ")
        .append(TOP + PLOT_HEIGHT / 2)
        .append(")\" text-anchor=\"middle\">time to reach the mirror</text>");
  }

  private static void xAxis(StringBuilder svg, long from, long to) {
    long span = to - from;
    long step = span <= 86_400 ? 6 * 3600 : span <= 3 * 86_400 ? 12 * 3600 : 86_400;
    int bottom = TOP + PLOT_HEIGHT;
    for (long t = (from + step - 1) / step * step; t <= to; t += step) {
      double x = x(t, from, to);
      svg.append("<line x1=\"")
          .append(num(x))
          .append("\" x2=\"")
          .append(num(x))
          .append("\" y1=\"")
          .append(bottom)
          .append("\" y2=\"")
          .append(bottom + 4)
          .append("\" stroke=\"#999\"/><text x=\"")
          .append(num(x))
          .append("\" y=\"")
          .append(bottom + 16)
          .append("\" text-anchor=\"middle\">")
          .append(TICK.format(Instant.ofEpochSecond(t)))
          .append("</text>");
    }
    svg.append("<text x=\"")
        .append(LEFT + (WIDTH - LEFT - RIGHT) / 2)
        .append("\" y=\"")
        .append(bottom + 30)
        .append("\" text-anchor=\"middle\">when the origin changed (UTC)</text>");
  }

  private static void series(
      StringBuilder svg,
      PropagationAnswer.Mirror mirror,
      String colour,
      long from,
      long to,
      long top) {
    svg.append("<g class=\"mirror\" data-mirror=\"").append(mirror.id()).append("\">");
    List<String> points = new ArrayList<>();
    for (PropagationAnswer.Sample s : mirror.samples()) {
      points.add(
          num(x(s.changedAt().getEpochSecond(), from, to)) + "," + num(y(s.lagSeconds(), top)));
    }
    if (points.size() > 1) {
      svg.append("<polyline fill=\"none\" stroke=\"")
          .append(colour)
          .append("\" stroke-width=\"1.5\" points=\"")
          .append(String.join(" ", points))
          .append("\"/>");
    }
    for (int i = 0; i < points.size(); i++) {
      PropagationAnswer.Sample s = mirror.samples().get(i);
      String[] xy = points.get(i).split(",");
      boolean behind = s.caughtUpAt() == null;
      svg.append("<circle class=\"")
          .append(behind ? "behind" : "caught-up")
          .append("\" cx=\"")
          .append(xy[0])
          .append("\" cy=\"")
          .append(xy[1])
          .append("\" r=\"3.5\" stroke=\"")
          .append(colour)
          .append("\" fill=\"")
          .append(behind ? "#fff" : colour)
          .append("\"><title>")
          .append(text(mirror.name()))
          .append(": ")
          .append(text(s.index()))
          .append(" changed ")
          .append(TICK.format(s.changedAt()))
          .append(" UTC; ")
          .append(
              behind
                  ? "still behind after " + Human.duration(Duration.ofSeconds(s.lagSeconds()))
                  : "reached it after " + Human.duration(Duration.ofSeconds(s.lagSeconds())))
          .append("</title></circle>");
    }
    svg.append("</g>");
  }

  private static void legend(StringBuilder svg, List<PropagationAnswer.Mirror> mirrors, int y0) {
    int column = (WIDTH - LEFT - RIGHT) / LEGEND_COLUMNS;
    for (int i = 0; i < mirrors.size(); i++) {
      int x = LEFT + (i % LEGEND_COLUMNS) * column;
      int y = y0 + (i / LEGEND_COLUMNS) * LEGEND_ROW + 12;
      String colour = COLOURS[i % COLOURS.length];
      String name = mirrors.get(i).name();
      String shown = name.length() > 26 ? name.substring(0, 25) + "…" : name;
      svg.append("<g class=\"legend\"><rect x=\"")
          .append(x)
          .append("\" y=\"")
          .append(y - 9)
          .append("\" width=\"10\" height=\"10\" fill=\"")
          .append(colour)
          .append("\"/><text x=\"")
          .append(x + 14)
          .append("\" y=\"")
          .append(y)
          .append("\">")
          .append(text(shown))
          .append(mirrors.get(i).inService() ? "" : " (paused)")
          .append("<title>")
          .append(text(name))
          .append("</title></text></g>");
    }
  }

  private static String num(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /** Names come from operators: escaped as XML text (and attribute) content. */
  static String text(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          // characters XML 1.0 forbids are dropped rather than breaking the document
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
