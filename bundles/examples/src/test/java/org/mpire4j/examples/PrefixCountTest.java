package org.mpire4j.examples;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mpire4j.api.WorkerPool;

/** The demo's workload gives the same prefix counts on a pool as serially. */
@Timeout(60)
class PrefixCountTest {

    @Test
    void poolAndSerialCountsAgree() {
        List<String[]> corpus = PrefixCount.corpus(40, 500, 20, 7);
        PrefixCount.Result serial = PrefixCount.runSerially(corpus);
        try (WorkerPool<Void> pool = WorkerPool.builder().jobs(3).build()) {
            PrefixCount.Result parallel = PrefixCount.run(pool, corpus);
            assertThat(parallel, equalTo(serial));
            assertThat(pool.exitResults().size(), is(3));
        }
        assertThat(serial.words(), is(corpus.stream().mapToLong(d -> d.length).sum()));
        assertThat(serial.prefixes().size(), greaterThan(26));
    }

    @Test
    void corpusIsUnbalancedAndReproducible() {
        List<String[]> a = PrefixCount.corpus(10, 1000, 20, 1);
        List<String[]> b = PrefixCount.corpus(10, 1000, 20, 1);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i), equalTo(b.get(i)));
            assertThat(i % 2 == 0 ? a.get(i).length >= 1000 : a.get(i).length <= 1000, is(true));
        }
    }
}
