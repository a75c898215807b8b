package org.distr1.mirrors.coordinator.routing.web;

import org.eclipse.jetty.util.StringUtil;

/** The {@code ?mirrorlist} answer for people. */
final class MirrorListHtml {
  private MirrorListHtml() {}

  /** Styled by the status page's stylesheet ({@code /status/status.css}), so both look alike. */
  static String render(MirrorListView view) {
    StringBuilder html = new StringBuilder(2048);
    String title = "Mirrors for " + escape(view.path());
    html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
        .append(title)
        .append("</title>\n<link rel=\"icon\" href=\"/status/favicon.svg\" type=\"image/svg+xml\">")
        .append(
            "<link rel=\"stylesheet\" href=\"/status/status.css\"></head>\n<body>\n<header class=\"top\"><div><h1>")
        .append(title)
        .append("</h1>\n<p class=\"lead\">Client ")
        .append(escape(view.client().address()));
    if (view.client().country() != null) {
      html.append(", ").append(escape(view.client().country()));
    }
    html.append(" · <a href=\"/\">all mirrors</a></p></div></header>\n<main>\n")
        .append("<section class=\"card\"><h2>This client gets</h2>\n<p>");
    if (view.choice() == null) {
      html.append("No mirror: the coordinator serves this file itself.");
    } else {
      html.append("<a href=\"")
          .append(escape(view.choice().url()))
          .append("\"><strong>")
          .append(escape(view.choice().name()))
          .append("</strong></a>: ")
          .append(escape(view.choice().reason()))
          .append('.');
    }
    html.append("</p></section>\n")
        .append(
            "<section class=\"card\"><h2>Candidates, in order</h2>\n<div class=\"table-scroll\"><table>\n")
        .append(
            "<thead><tr><th>Mirror</th><th>Country</th><th>Preference</th><th>Distance (km)</th>")
        .append("<th>Shares load</th><th>Share of clients</th></tr></thead>\n<tbody>\n");
    for (MirrorListView.CandidateView c : view.candidates()) {
      html.append("<tr><td><a href=\"")
          .append(escape(c.url()))
          .append("\">")
          .append(escape(c.name()))
          .append("</a></td><td>")
          .append(escape(text(c.country())))
          .append("</td><td>")
          .append(c.preference())
          .append("</td><td>")
          .append(c.distanceKm() == null ? "" : String.valueOf(c.distanceKm().longValue()))
          .append("</td><td>")
          .append(c.inBand() ? "yes" : "")
          .append("</td><td>")
          .append(c.share() == null ? "" : Math.round(c.share() * 100) + " %")
          .append(c.chosen() ? " (this client)" : "")
          .append("</td></tr>\n");
    }
    html.append("</tbody></table></div></section>\n<section class=\"card\"><h2>Excluded</h2>\n")
        .append(
            "<div class=\"table-scroll\"><table>\n<thead><tr><th>Mirror</th><th>Why</th></tr></thead>\n<tbody>\n");
    for (MirrorListView.ExcludedView e : view.excluded()) {
      html.append("<tr><td>")
          .append(escape(e.name()))
          .append("</td><td><span class=\"reason\">")
          .append(escape(e.reason()))
          .append("</span></td></tr>\n");
    }
    return html.append("</tbody></table></div></section>\n</main>\n</body></html>\n").toString();
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  private static String escape(String text) {
    return StringUtil.sanitizeXmlString(text);
  }
}
