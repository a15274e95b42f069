package jp.mimamori.cli.options;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An ISO-8601 instant ({@code 2026-04-01T09:00:00Z}); anything else is a usage error naming the format. */
public final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("not an ISO-8601 instant (2026-04-01T09:00:00Z): " + value);
        }
    }
}
