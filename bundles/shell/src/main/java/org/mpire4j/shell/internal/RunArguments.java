package org.mpire4j.shell.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The arguments of {@code mpire:run}, parsed by hand: Gogo's own option binding keeps only the last
 * value of a repeated option, and {@code --option} is repeatable.
 *
 * @param task the task's name ({@code mpire.task})
 * @param startMethod the start method, or {@code null} for the engine's default
 * @param jobs the number of workers, or {@code null} for one per processor
 * @param input the file of arguments, or {@code null} for the command's standard input
 * @param options the start method's options, in the order given
 */
record RunArguments(String task, String startMethod, Integer jobs, String input, Map<String, String> options) {

    /** The usage line, repeated in every error so that the fix is at hand. */
    static final String USAGE = "usage: mpire:run TASK [-s METHOD] [-j N] [--input FILE] [--option KEY=VALUE]...";

    /**
     * Parses the words after {@code mpire:run}.
     *
     * @param words the words, as Gogo passed them
     * @return the arguments
     * @throws IllegalArgumentException naming the bad word and the fix
     */
    static RunArguments parse(Object... words) {
        String task = null;
        String startMethod = null;
        Integer jobs = null;
        String input = null;
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < words.length; i++) {
            String word = String.valueOf(words[i]);
            switch (word) {
                case "-s", "--start-method" -> startMethod = value(words, ++i, word);
                case "-j", "--jobs" -> jobs = positive(value(words, ++i, word), word);
                case "-i", "--input" -> input = value(words, ++i, word);
                case "--option" -> {
                    String pair = value(words, ++i, word);
                    int equals = pair.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException("--option '" + pair + "' is not KEY=VALUE; pass for"
                                + " example --option clusterName=dev. " + USAGE);
                    }
                    options.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
                default -> {
                    if (word.startsWith("-") && word.length() > 1) {
                        throw new IllegalArgumentException("unknown option '" + word + "'. " + USAGE);
                    }
                    if (task != null) {
                        throw new IllegalArgumentException("one task only: got '" + task + "' and '" + word
                                + "'; pass the arguments with --input FILE or on standard input. " + USAGE);
                    }
                    task = word;
                }
            }
        }
        if (task == null) {
            throw new IllegalArgumentException("no task given; see mpire:list for the installed ones. " + USAGE);
        }
        return new RunArguments(task, startMethod, jobs, input, Map.copyOf(options));
    }

    private static String value(Object[] words, int index, String option) {
        if (index >= words.length) {
            throw new IllegalArgumentException(option + " needs a value. " + USAGE);
        }
        return String.valueOf(words[index]);
    }

    private static int positive(String value, String option) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw new IllegalArgumentException(option + " must be a positive number of workers, was '" + value + "'. "
                + USAGE);
    }
}
