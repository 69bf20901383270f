package org.sila.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/** Every report table as CSV (UTF-8 with a BOM, so Excel shows the Arabic) or XLSX (right to left). */
public final class Exports {

    private Exports() {
    }

    public static byte[] csv(ReportTable table) {
        var out = new StringBuilder("\uFEFF");
        line(out, table.headers());
        table.rows().forEach(row -> line(out, row));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder out, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object cell = cells.get(i);
            String text = cell == null ? "" : cell instanceof Number ? cell.toString() : inert(cell.toString());
            if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                text = '"' + text.replace("\"", "\"\"") + '"';
            }
            out.append(text);
        }
        out.append("\r\n");
    }

    /**
     * Text a spreadsheet would run as a formula ({@code =HYPERLINK(…)}, {@code +}, {@code -}, {@code @}, or a tab
     * or carriage return before one) gets a leading apostrophe, OWASP's advice: a visitor's words stay words when
     * a manager opens the file. XLSX cells are written as strings and need nothing.
     */
    static String inert(String text) {
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    public static byte[] xlsx(List<ReportTable> tables) {
        var bytes = new ByteArrayOutputStream();
        xlsx(tables, bytes);
        return bytes.toByteArray();
    }

    public static void xlsx(List<ReportTable> tables, OutputStream out) {
        try (Workbook workbook = new Workbook(out, "Sila", "1.0")) {
            for (ReportTable table : tables) {
                Worksheet sheet = workbook.newWorksheet(sheetName(table));
                sheet.rightToLeft();
                for (int c = 0; c < table.headers().size(); c++) {
                    sheet.value(0, c, table.headers().get(c));
                    sheet.style(0, c).bold().set();
                    sheet.width(c, 18);
                }
                for (int r = 0; r < table.rows().size(); r++) {
                    List<Object> row = table.rows().get(r);
                    for (int c = 0; c < row.size(); c++) {
                        Object cell = row.get(c);
                        if (cell instanceof Number n) {
                            sheet.value(r + 1, c, n);
                        } else if (cell != null) {
                            sheet.value(r + 1, c, cell.toString());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Excel's limits: 31 characters, none of : \ / ? * [ ]. */
    private static String sheetName(ReportTable table) {
        String name = table.title().replaceAll("[:\\\\/?*\\[\\]]", " ");
        return name.length() > 31 ? name.substring(0, 31) : name;
    }
}
