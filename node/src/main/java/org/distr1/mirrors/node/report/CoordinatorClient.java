package org.distr1.mirrors.node.report;

import java.io.IOException;
import org.distr1.mirrors.shared.api.NodeReport;
import org.distr1.mirrors.shared.api.ReportAnswer;

/** The coordinator as the node's reporter sees it. */
interface CoordinatorClient {

  /** Sends one report; throws when the coordinator did not take it. */
  ReportAnswer report(NodeReport report) throws IOException, InterruptedException;
}
