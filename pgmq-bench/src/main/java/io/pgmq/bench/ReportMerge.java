package io.pgmq.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Merges the rows of scenarios run alone ({@code --only}) into an existing bench/RESULTS.md, leaving every other row
 * as the full run wrote it: a full run rewrites the whole file, and figures taken on a busy host must not replace the
 * ones a quiet run measured. The merged rows replace their earlier lines (or join the end of the table), their "What
 * the sides do" bullet and their reasons in "Rows that miss their targets" follow, and a line under the run's header
 * says which rows came from which run. Stateless.
 */
final class ReportMerge {

    private static final String TABLE_HEADER = "| scenario | unit |";
    private static final String SIDES_HEADER = "What the sides do:";
    private static final String MISSES_HEADER = "Rows that miss their targets, and why:";
    private static final String ALL_MET = "Every row meets its target.";

    private ReportMerge() {
    }

    /**
     * Returns {@code report} with {@code rows} merged in.
     *
     * @param report  the text of an existing RESULTS.md written by {@link Report#render}
     * @param only    the scenario's name as given to {@code --only}, e.g. {@code SqlGetBench}
     * @param rows    the scenario's rows
     * @param sides   its "What the sides do" bullet, without the leading dash
     * @param runLine what the run was (date, seconds, rounds, load), for the merged line under the header
     * @throws IllegalArgumentException if {@code report} has no results table or no "What the sides do" list
     */
    static String merge(String report, String only, List<Row> rows, String sides, String runLine) {
        List<String> lines = new ArrayList<>(Arrays.asList(report.split("\n", -1)));
        int table = indexOf(lines, TABLE_HEADER, 0);
        if (table < 0 || indexOf(lines, SIDES_HEADER, table) < 0) {
            throw new IllegalArgumentException("not a bench report (no results table, or no \"" + SIDES_HEADER
                    + "\"): run the whole harness once to write it");
        }
        mergeRunLine(lines, table, "- merged: `--only " + only + "`", runLine);
        mergeTableRows(lines, rows);
        mergeSides(lines, sides);
        mergeMisses(lines, rows);
        return String.join("\n", lines);
    }

    /** Replaces this scenario's merged line, or adds it after the header's last bullet. */
    private static void mergeRunLine(List<String> lines, int table, String prefix, String runLine) {
        String line = prefix + " " + runLine;
        for (int i = 0; i < table; i++) {
            if (lines.get(i).startsWith(prefix)) {
                lines.set(i, line);
                return;
            }
        }
        int lastBullet = table;
        while (lastBullet > 0 && !lines.get(lastBullet).startsWith("- ")) {
            lastBullet--;
        }
        lines.add(lastBullet + 1, line);
    }

    private static void mergeTableRows(List<String> lines, List<Row> rows) {
        int first = indexOf(lines, TABLE_HEADER, 0) + 2;
        for (Row row : rows) {
            int end = first;
            while (end < lines.size() && lines.get(end).startsWith("| ")) {
                end++;
            }
            int existing = -1;
            for (int i = first; i < end; i++) {
                if (lines.get(i).startsWith("| " + row.scenario() + " | ")) {
                    existing = i;
                }
            }
            if (existing >= 0) {
                lines.set(existing, Report.tableRow(row));
            } else {
                lines.add(end, Report.tableRow(row));
            }
        }
    }

    /** Replaces the bullet that starts with the same label (the text before its first colon), or appends it. */
    private static void mergeSides(List<String> lines, String sides) {
        String label = "- " + sides.substring(0, sides.indexOf(':') + 1);
        int i = indexOf(lines, SIDES_HEADER, 0) + 2;
        while (i < lines.size() && lines.get(i).startsWith("- ")) {
            if (lines.get(i).startsWith(label)) {
                lines.set(i, "- " + sides);
                return;
            }
            i++;
        }
        lines.add(i, "- " + sides);
    }

    /** Drops the merged rows' old reasons, adds the reasons of those that miss now, and fixes the section's heading. */
    private static void mergeMisses(List<String> lines, List<Row> rows) {
        int heading = indexOf(lines, MISSES_HEADER, 0);
        int allMet = indexOf(lines, ALL_MET, 0);
        List<String> bullets = new ArrayList<>();
        int start;
        int end;
        if (heading >= 0) {
            start = heading;
            end = heading + 2;
            while (end < lines.size() && lines.get(end).startsWith("- ")) {
                bullets.add(lines.get(end));
                end++;
            }
        } else if (allMet >= 0) {
            start = allMet;
            end = allMet + 1;
        } else {
            throw new IllegalArgumentException("not a bench report (neither \"" + MISSES_HEADER + "\" nor \""
                    + ALL_MET + "\")");
        }
        for (Row row : rows) {
            bullets.removeIf(b -> b.startsWith("- " + row.scenario() + ": "));
        }
        for (String line : Report.misses(rows).split("\n")) {
            if (line.startsWith("- ")) {
                bullets.add(line);
            }
        }
        List<String> section = new ArrayList<>();
        if (bullets.isEmpty()) {
            section.add(ALL_MET);
        } else {
            section.add(MISSES_HEADER);
            section.add("");
            section.addAll(bullets);
        }
        lines.subList(start, end).clear();
        lines.addAll(start, section);
    }

    private static int indexOf(List<String> lines, String prefix, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
