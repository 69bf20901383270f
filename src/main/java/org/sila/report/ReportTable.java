package org.sila.report;

import java.util.List;

/** One table of a report, as the page shows it and the CSV / XLSX exports write it; cells are text or numbers. */
public record ReportTable(String id, String title, List<String> headers, List<List<Object>> rows) {
}
