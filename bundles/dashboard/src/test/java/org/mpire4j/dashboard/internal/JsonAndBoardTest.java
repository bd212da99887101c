package org.mpire4j.dashboard.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mpire4j.api.MapObserver.MapInfo;
import org.mpire4j.api.PoolInsights;
import org.mpire4j.api.TaskTime;
import org.mpire4j.api.WorkerInsights;

/** JSON encoding and the board's bookkeeping, without a server. */
@Timeout(30)
class JsonAndBoardTest {

    private static String string(String s) {
        return Json.string(new StringBuilder(), s).toString();
    }

    @Test
    void stringsAreEscapedForJsonAndHtml() {
        assertThat(string("a\"b\\c"), is("\"a\\\"b\\\\c\""));
        assertThat(string("l1\nl2\r\t\b\f"), is("\"l1\\nl2\\r\\t\\b\\f\""));
        assertThat(string("\u0000\u001f"), is("\"\\u0000\\u001f\""));
        assertThat(string("</script><b>&"), is("\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\""));
        assertThat(string("\u2028\u2029"), is("\"\\u2028\\u2029\""));
        assertThat(string("caf\u00e9 \ud83d\ude00"), is("\"caf\u00e9 \ud83d\ude00\""));
        assertThat(string("lone \ud83d!"), is("\"lone \\ufffd!\""));
        assertThat(string(null), is("null"));
        assertThat(Json.number(new StringBuilder(), Double.NaN).toString(), is("null"));
        assertThat(Json.number(new StringBuilder(), 2.5).toString(), is("2.5"));
        assertThat(Json.number(new StringBuilder(), 100.0).toString(), is("100"));
    }

    @Test
    void itKeepsRunningMapsAndTheLastFinishedOnes() {
        MapBoard board = new MapBoard(3);
        for (long id = 1; id <= 6; id++) {
            board.started(new MapInfo(id, "pool-" + id, "thread", 2, "Task" + id, 10, System.currentTimeMillis()));
        }
        for (long id = 1; id <= 5; id++) {
            board.finished(id, null, null);
        }
        String json = board.json();
        assertThat(json, containsString("\"running\":1,\"finished\":3"));
        assertThat(json, containsString("\"id\":6,"));
        assertThat(json, containsString("\"id\":3,"));
        assertThat(json, not(containsString("\"id\":2,")));
        assertThat(json, not(containsString("\"id\":1,")));
        assertThat(json.indexOf("\"id\":6,") < json.indexOf("\"id\":5,"), is(true)); // newest first
    }

    @Test
    void unknownTotalsAndLateObserversAreHandled() {
        MapBoard board = new MapBoard(10);
        board.started(new MapInfo(1, "p", "thread", 1, "T", -1, 0));
        board.progressed(1, 7, -1);
        assertThat(board.json(), containsString("\"done\":7,\"total\":-1,\"percent\":null,"));
        assertThat(board.json(), containsString("\"etaMillis\":null"));
        board.finished(1, null, null);
        assertThat(board.json(), containsString("\"state\":\"completed\",\"done\":7,\"total\":7,\"percent\":100,"));
        // A map already running when the observer was added: shown from its first report.
        board.progressed(42, 3, 4);
        assertThat(board.json(), containsString("\"id\":42,\"pool\":\"?\""));
        assertThat(board.json(), containsString("\"observedFromStart\":false,\"state\":\"running\",\"done\":3,\"total\":4,\"percent\":75,"));
        board.finished(42, new IllegalStateException("x"), null);
        board.finished(42, null, null); // a second end is ignored
        assertThat(board.json(), containsString("\"state\":\"failed\",\"done\":3,\"total\":4,"));
        board.progressed(42, 4, 4); // and so is progress after the end
        assertThat(board.json(), containsString("\"done\":3,\"total\":4,"));
    }

    @Test
    void insightsAreSummarised() {
        MapBoard board = new MapBoard(10);
        board.started(new MapInfo(1, "p", "thread", 2, "T", 2, 0));
        WorkerInsights w0 = new WorkerInsights(0, Duration.ZERO, Duration.ZERO, Duration.ofMillis(100),
                Duration.ofMillis(900), Duration.ZERO, 1, List.of(new TaskTime(Duration.ofMillis(900), "Arg 0: <1>")));
        WorkerInsights w1 = new WorkerInsights(1, Duration.ZERO, Duration.ZERO, Duration.ofMillis(500),
                Duration.ofMillis(500), Duration.ZERO, 1, List.of());
        board.finished(1, null, new PoolInsights(true, List.of(w0, w1)));
        String json = board.json();
        assertThat(json, containsString("\"insights\":{\"completedTasks\":2,\"workingRatio\":0.7,\"efficiencyWarning\":true,"));
        assertThat(json, containsString("{\"id\":0,\"tasks\":1,\"workingMillis\":900,\"waitingMillis\":100,\"workingRatio\":0.9}"));
        assertThat(json, containsString("\"longestTasks\":[{\"millis\":900,\"argument\":\"Arg 0: \\u003c1\\u003e\"}]"));
    }

    @Test
    void thePortPropertyIsValidated() {
        assertThat(DashboardComponent.port(null), is(0));
        assertThat(DashboardComponent.port(" 8123 "), is(8123));
        var e = assertThrows(IllegalArgumentException.class, () -> DashboardComponent.port("http"));
        assertThat(e.getMessage(), containsString("mpire.dashboard.port must be a port number"));
        assertThrows(IllegalArgumentException.class, () -> DashboardComponent.port("65536"));
    }
}
