package org.mpire4j.tasks.text.internal;

import org.mpire4j.api.Task;
import org.mpire4j.api.WorkerContext;
import org.osgi.service.component.annotations.Component;

/**
 * {@code mpire.task=word-count}: the number of words of a line, words being runs of characters
 * other than white space (a blank line has none).
 */
@Component(service = Task.class, property = Task.NAME_PROPERTY + "=" + WordCountTask.NAME)
public final class WordCountTask implements Task<Object, String, Integer> {

    /** The task's name on the whiteboard. */
    public static final String NAME = "word-count";

    private static final long serialVersionUID = 1L;

    @Override
    public Integer apply(WorkerContext<?> context, String line) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < line.length(); ) {
            int c = line.codePointAt(i);
            boolean space = Character.isWhitespace(c) || Character.isSpaceChar(c);
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
            i += Character.charCount(c);
        }
        return words;
    }
}
