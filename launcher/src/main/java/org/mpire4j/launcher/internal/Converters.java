package org.mpire4j.launcher.internal;

import java.util.Arrays;
import picocli.CommandLine;

/** The converters of the launcher's options: each rejects a bad value with a message that names it and says what to pass. */
final class Converters {

    private Converters() {
    }

    /** {@code --port}: 1 to 65535. */
    static final class Port implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int port = Integer.parseInt(value.trim());
                if (port >= 1 && port <= 65_535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a port: pass a whole number from 1"
                    + " to 65535, for example --port 5701");
        }
    }

    /** {@code --host}: an IPv4 address (Hazelcast binds interfaces by address). */
    static final class Ipv4 implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String host = value.trim();
            if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                    && Arrays.stream(host.split("\\.")).allMatch(part -> Integer.parseInt(part) <= 255)) {
                return host;
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not an IPv4 address: pass the address"
                    + " of the interface to bind, for example --host 127.0.0.1 or --host 10.0.0.5");
        }
    }

    /** One entry of {@code --members}: {@code HOST:PORT}, or {@code HOST} for Hazelcast's ports 5701 to 5703. */
    static final class HostPort implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String member = value.trim();
            int colon = member.lastIndexOf(':');
            String host = colon < 0 ? member : member.substring(0, colon);
            boolean ok = host.matches("[A-Za-z0-9.\\-]+");
            if (ok && colon >= 0) {
                try {
                    new Port().convert(member.substring(colon + 1));
                } catch (CommandLine.TypeConversionException e) {
                    ok = false;
                }
            }
            if (ok) {
                return member;
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not HOST:PORT: pass the members to join"
                    + " comma-separated, for example --members 127.0.0.1:5701,127.0.0.1:5702");
        }
    }

    /** {@code --cluster}: not blank. */
    static final class ClusterName implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a cluster name: pass one that is"
                        + " not blank, for example --cluster dev");
            }
            return value.strip();
        }
    }

    /** {@code --jobs}: a whole number of at least 1, with a message that says so. */
    static final class PositiveInt implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number >= 1: pass the"
                    + " number of workers, for example --jobs 4, or leave it out for one per processor");
        }
    }
}
