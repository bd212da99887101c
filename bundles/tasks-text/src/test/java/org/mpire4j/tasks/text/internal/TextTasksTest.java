package org.mpire4j.tasks.text.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

/** The text tasks as plain functions (the in-framework and process runs are in itests and launcher). */
class TextTasksTest {

    @Test
    void wordCountCountsRunsOfNonSpace() {
        WordCountTask task = new WordCountTask();
        assertThat(task.apply(null, ""), is(0));
        assertThat(task.apply(null, "   \t "), is(0));
        assertThat(task.apply(null, "one"), is(1));
        assertThat(task.apply(null, "  the quick\tbrown  fox "), is(4));
        assertThat(task.apply(null, "no\u00a0break space"), is(3));
    }

    @Test
    void upperUsesTheRootLocale() {
        assertThat(new UpperTask().apply(null, "title ıi"), is("TITLE II"));
    }
}
