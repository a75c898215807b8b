package org.distr1.mirrors.coordinator.routing.web;

import org.eclipse.jetty.util.StringUtil;

/** The {@code ?mirrorlist} answer for people. */
final class MirrorListHtml {
  private MirrorListHtml() {}

  static String render(MirrorListView view) {
    StringBuilder html = new StringBuilder(1024);
    String title = "Mirrors for " + escape(view.path());
    html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(title)
        .append("</title></head>\n<body><h1>").append(title).append("</h1>\n<p>Client ")
        .append(escape(view.client().address()));
    if (view.client().country() != null) {
      html.append(", ").append(escape(view.client().country()));
    }
    html.append("</p>\n<h2>Candidates, in order</h2>\n<table>\n")
        .append("<tr><th>Mirror</th><th>Country</th><th>Preference</th><th>Distance (km)</th>")
        .append("<th>Shares load</th></tr>\n");
    for (MirrorListView.CandidateView c : view.candidates()) {
      html.append("<tr><td><a href=\"").append(escape(c.url())).append("\">")
          .append(escape(c.name())).append("</a></td><td>").append(escape(text(c.country())))
          .append("</td><td>").append(c.preference()).append("</td><td>")
          .append(c.distanceKm() == null ? "" : String.valueOf(c.distanceKm().longValue()))
          .append("</td><td>").append(c.inBand() ? "yes" : "").append("</td></tr>\n");
    }
    html.append("</table>\n<h2>Excluded</h2>\n<table>\n<tr><th>Mirror</th><th>Why</th></tr>\n");
    for (MirrorListView.ExcludedView e : view.excluded()) {
      html.append("<tr><td>").append(escape(e.name())).append("</td><td>")
          .append(escape(e.reason())).append("</td></tr>\n");
    }
    return html.append("</table>\n</body></html>\n").toString();
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  private static String escape(String text) {
    return StringUtil.sanitizeXmlString(text);
  }
}
