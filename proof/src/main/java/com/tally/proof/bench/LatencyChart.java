package com.tally.proof.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Latency over time of one benchmark run, drawn by XChart as SVG and PNG next to the JSON result. */
final class LatencyChart {

    private LatencyChart() {
    }

    /** Writes {@code <base>.svg} and {@code <base>.png}. */
    static void write(List<PaidLatencyProbe.Point> points, String title, Path base) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(1000).height(500).title(title)
                .xAxisTitle("seconds into the run (when the webhook was answered)").yAxisTitle("webhook 2xx -> PAID visible (ms)").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(3);
        double[] x = points.stream().mapToDouble(PaidLatencyProbe.Point::secondsIntoRun).toArray();
        double[] y = points.stream().mapToDouble(PaidLatencyProbe.Point::latencyMs).toArray();
        if (x.length == 0) {
            x = new double[] {0};
            y = new double[] {0};
        }
        chart.addSeries("latency", x, y).setMarker(SeriesMarkers.CIRCLE);
        VectorGraphicsEncoder.saveVectorGraphic(chart, base.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
