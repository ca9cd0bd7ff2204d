package dev.fulcrum.data;

import dev.fulcrum.error.BadInputException;

/** Size and shape of generated fraud-like data ({@code data.generate}, and {@code fulcrum generate}). */
public record GenerateConfig(long rows, double fraudRate, long seed, int partitions, String format) {

    public GenerateConfig {
        if (rows < 1) {
            throw new BadInputException("generate.rows must be >= 1; got " + rows);
        }
        if (!(fraudRate > 0 && fraudRate < 0.5)) {
            throw new BadInputException("generate.fraudRate must be in (0, 0.5); got " + fraudRate);
        }
        if (partitions < 1) {
            throw new BadInputException("generate.partitions must be >= 1; got " + partitions);
        }
        if (!format.equals("csv") && !format.equals("parquet")) {
            throw new BadInputException("generate.format must be one of (csv, parquet); got " + format);
        }
    }
}
