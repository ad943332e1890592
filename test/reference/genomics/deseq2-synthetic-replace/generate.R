# DESeq2 reference case: simulated NB counts, 1500 genes x 16 samples (8 vs 8), parametric trend,
# Cook's outlier replacement (minReplicatesForReplace = 7). Run: Rscript generate.R (in this folder).
suppressMessages(library(DESeq2))
set.seed(20261126)
G <- 1500; m <- 16
group <- factor(rep(c("ctl", "trt"), each = m / 2))
sf <- exp(rnorm(m, 0, 0.3))
mean <- exp(runif(G, 0, 8))
disp <- 0.05 + 1 / mean
lfc <- ifelse(runif(G) < 0.15, rnorm(G, 0, 2), 0)
mu <- outer(mean, sf) * 2^(outer(lfc, as.integer(group == "trt")))
counts <- matrix(rnbinom(G * m, mu = mu, size = 1 / disp), nrow = G)
counts[seq(1, G, by = 53), 3] <- counts[seq(1, G, by = 53), 3] * 20L + 50L   # outliers in sample 3
counts[seq(7, G, by = 211), ] <- 0L                                         # all-zero genes
rownames(counts) <- sprintf("g%04d", seq_len(G)); colnames(counts) <- sprintf("s%02d", seq_len(m))
write.csv(data.frame(gene_id = rownames(counts), counts, check.names = FALSE), "counts.csv", row.names = FALSE, quote = FALSE)
write.csv(data.frame(sample = colnames(counts), group = group), "samples.csv", row.names = FALSE, quote = FALSE)
dds <- DESeqDataSetFromMatrix(counts, data.frame(group = group), ~group)
dds <- DESeq(dds, quiet = TRUE)
res <- results(dds, contrast = c("group", "trt", "ctl"), alpha = 0.1)
mc <- mcols(dds)
out <- data.frame(gene_id = rownames(dds), baseMean = res$baseMean, dispGeneEst = mc$dispGeneEst, dispFit = mc$dispFit,
                  dispersion = mc$dispersion, log2FoldChange = res$log2FoldChange, lfcSE = res$lfcSE, stat = res$stat,
                  pvalue = res$pvalue, padj = res$padj, maxCooks = mc$maxCooks, replace = mc$replace)
write.csv(format(out, digits = 17), "expected_genes.csv", row.names = FALSE, quote = FALSE)
fn <- dispersionFunction(dds)
j <- list(
  case = "deseq2-synthetic-replace", call = "DESeq(DESeqDataSetFromMatrix(counts, colData, ~group)); results(dds, contrast=c('group','trt','ctl'), alpha=0.1)",
  R = R.version.string, DESeq2 = as.character(packageVersion("DESeq2")),
  sizeFactors = unname(sizeFactors(dds)), fitType = attr(fn, "fitType"), coefficients = unname(attr(fn, "coefficients")),
  varLogDispEsts = attr(fn, "varLogDispEsts"), dispPriorVar = attr(fn, "dispPriorVar"),
  n_replace = sum(mc$replace, na.rm = TRUE), filterThreshold = unname(metadata(res)$filterThreshold),
  tolerances = "as ../shared/reference/genomics/README.md: sf/baseMean rel 1e-9; dispGeneEst |dlog| 1e-3; dispFit, dispPriorVar rel 1e-3; dispersion, LFC rel 1e-3 or abs 1e-4; lfcSE, stat rel 1e-3; p log10 0.01"
)
writeLines(jsonlite::toJSON(j, auto_unbox = TRUE, digits = NA, pretty = TRUE), "expected.json")
