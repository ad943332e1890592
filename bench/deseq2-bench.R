# Side-by-side benchmark peer for src/bench/genomics.ts: times DESeq2's DESeq() + results() (the
# defaults, serial) on the counts written by the TypeScript bench.
# Usage: Rscript deseq2-bench.R counts.csv samples.csv reps out.json out-genes.csv
suppressPackageStartupMessages(library(DESeq2))
args <- commandArgs(trailingOnly = TRUE)
counts <- as.matrix(read.csv(args[1], row.names = 1, check.names = FALSE))
samples <- read.csv(args[2], stringsAsFactors = FALSE)
reps <- as.integer(args[3])
coldata <- data.frame(group = factor(samples$group, levels = c("A", "B")), row.names = samples$sample)
stopifnot(identical(rownames(coldata), colnames(counts)))
run <- function() {
  dds <- DESeqDataSetFromMatrix(counts, coldata, ~ group)
  dds <- DESeq(dds, quiet = TRUE)
  list(dds = dds, res = results(dds))
}
times <- numeric(reps)
for (i in seq_len(reps)) times[i] <- system.time(out <- run())[["elapsed"]] * 1000
res <- out$res
write.csv(data.frame(gene_id = rownames(res), log2FoldChange = res$log2FoldChange, pvalue = res$pvalue, padj = res$padj), args[5], row.names = FALSE)
enc <- function(v) if (is.list(v)) paste0("{", paste(sprintf('"%s":%s', names(v), sapply(v, enc)), collapse = ","), "}") else if (is.character(v)) sprintf('"%s"', v) else if (length(v) == 1) format(v, digits = 15) else paste0("[", paste(format(v, digits = 15), collapse = ","), "]")
writeLines(enc(list(
  deseq2_ms = median(times),
  runs_ms = times,
  size_factors = unname(sizeFactors(out$dds)),
  n_padj_lt_0_1 = sum(res$padj < 0.1, na.rm = TRUE),
  versions = list(R = paste(R.version$major, R.version$minor, sep = "."), DESeq2 = as.character(packageVersion("DESeq2")))
)), args[4])
