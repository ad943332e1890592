# DESeq2 reference case: the shared Marioni data (kidney vs liver, 5088 genes x 10 samples), run by
# DESeq2 on THIS machine's R/OpenBLAS (whatever kernel OpenBLAS picks here; OPENBLAS_CORETYPE /
# OPENBLAS_L2_SIZE are honoured and recorded). Same settings as the shared deseq2_marioni_* files:
#   fitType = "mean" (DESeq2 "mean" trend) and the default run (parametric -> falls back to local).
# Why this case exists: the shared files were made with OpenBLAS Sandybridge-class kernels; one gene
# (ENSG00000189229) has a gene-wise dispersion that depends on the BLAS kernel (via qr/%*% in
# DESeq2's starting value). This case pins the answer R gives here, so our pipeline is compared with
# an R run whose BLAS is known and recorded.
# Run: Rscript generate.R (in this folder). Writes expected.json, expected_genes_mean.csv,
# expected_genes_default.csv.
suppressMessages(library(DESeq2))
data_dir <- file.path("..", "..", "..", "..", "..", "shared", "reference", "genomics", "data")
counts_file <- file.path(data_dir, "marioni_counts.csv")
samples_file <- file.path(data_dir, "marioni_samples.csv")
counts <- as.matrix(read.csv(counts_file, row.names = 1, check.names = FALSE))
storage.mode(counts) <- "integer"
samples <- read.csv(samples_file, stringsAsFactors = FALSE)
stopifnot(identical(samples$sample, colnames(counts)))
colData <- data.frame(group = factor(samples$group), row.names = samples$sample)   # levels Kidney, Liver

# The OpenBLAS kernel actually in use in this R process (openblas_get_corename / _config).
blas_core <- tryCatch({
  src <- file.path(tempdir(), "corename.c")
  writeLines(c("#include <string.h>", "char *openblas_get_corename(void); char *openblas_get_config(void);",
               "void hcc_corename(char **a, char **b) { strncpy(a[0], openblas_get_corename(), 255); strncpy(b[0], openblas_get_config(), 255); }"), src)
  lib <- grep("openblas", La_library(), value = TRUE)
  so <- sub("\\.c$", .Platform$dynlib.ext, src)
  old <- Sys.getenv("PKG_LIBS"); Sys.setenv(PKG_LIBS = lib)
  system2(file.path(R.home("bin"), "R"), c("CMD", "SHLIB", "-o", so, src), stdout = FALSE, stderr = FALSE)
  Sys.setenv(PKG_LIBS = old)
  dyn.load(so)
  r <- .C("hcc_corename", a = strrep(" ", 256), b = strrep(" ", 256))
  list(corename = trimws(r$a), config = trimws(r$b))
}, error = function(e) list(corename = NA, config = conditionMessage(e)))

run <- function(fitType) {
  dds <- DESeqDataSetFromMatrix(counts, colData, ~group)
  dds <- if (is.null(fitType)) DESeq(dds, quiet = TRUE) else DESeq(dds, fitType = fitType, quiet = TRUE)
  res <- results(dds, contrast = c("group", "Liver", "Kidney"), alpha = 0.1)
  mc <- mcols(dds)
  genes <- data.frame(gene_id = rownames(dds), baseMean = res$baseMean, allZero = mc$allZero, dispGeneEst = mc$dispGeneEst,
                      dispGeneIter = mc$dispGeneIter, dispFit = mc$dispFit, dispMAP = mc$dispMAP, dispersion = mc$dispersion,
                      dispOutlier = mc$dispOutlier, log2FoldChange = res$log2FoldChange, lfcSE = res$lfcSE, stat = res$stat,
                      pvalue = res$pvalue, padj = res$padj, maxCooks = mc$maxCooks, betaConv = mc$betaConv)
  fn <- dispersionFunction(dds)
  list(dds = dds, res = res, genes = genes, fn = fn)
}
mean_run <- run("mean")
default_run <- run(NULL)
full_precision <- function(df) { for (k in names(df)) if (is.double(df[[k]])) df[[k]] <- ifelse(is.na(df[[k]]), "NA", sprintf("%.17g", df[[k]])); df }
write.csv(full_precision(mean_run$genes), "expected_genes_mean.csv", row.names = FALSE, quote = FALSE)
write.csv(full_precision(default_run$genes), "expected_genes_default.csv", row.names = FALSE, quote = FALSE)

si <- sessionInfo()
env_or_null <- function(v) { x <- Sys.getenv(v, unset = NA); if (is.na(x)) NULL else x }
openblas_pkg <- tryCatch(system2("dpkg-query", c("-W", shQuote("-f=${Version}"), "libopenblas0-pthread"), stdout = TRUE), error = function(e) NA)
cpu <- tryCatch(sub(".*:\\s*", "", grep("^model name", readLines("/proc/cpuinfo"), value = TRUE)[1]), error = function(e) NA)
summ <- function(r) {
  fn <- r$fn
  list(
    fitType = attr(fn, "fitType"), meanDispersion = if (attr(fn, "fitType") == "mean") unname(attr(fn, "mean")) else NULL,
    varLogDispEsts = attr(fn, "varLogDispEsts"), dispPriorVar = attr(fn, "dispPriorVar"),
    filterThreshold = unname(metadata(r$res)$filterThreshold), filterTheta = metadata(r$res)$filterTheta,
    n_padj_lt_0.05 = sum(r$res$padj < 0.05, na.rm = TRUE), n_padj_NA = sum(is.na(r$res$padj)),
    n_dispGeneEst_at_floor = sum(r$genes$dispGeneEst <= 1e-8, na.rm = TRUE)
  )
}
j <- list(
  case = "deseq2-marioni-this-machine",
  description = "Shared Marioni data run by DESeq2 1.38.3 on this machine's OpenBLAS kernel (recorded below); compare with ../shared/reference/genomics/expected/deseq2_marioni_fitTypeMean_* (Sandybridge-class OpenBLAS kernels)",
  inputs = list(counts = "../shared/reference/genomics/data/marioni_counts.csv", samples = "../shared/reference/genomics/data/marioni_samples.csv",
                counts_md5 = unname(tools::md5sum(counts_file)), samples_md5 = unname(tools::md5sum(samples_file))),
  calls = list(
    mean = "dds <- DESeq(DESeqDataSetFromMatrix(counts, data.frame(group=factor(samples$group)), ~group), fitType='mean'); results(dds, contrast=c('group','Liver','Kidney'), alpha=0.1)",
    default = "dds <- DESeq(DESeqDataSetFromMatrix(counts, data.frame(group=factor(samples$group)), ~group)); results(dds, contrast=c('group','Liver','Kidney'), alpha=0.1)"
  ),
  R = R.version.string, versions = list(DESeq2 = as.character(packageVersion("DESeq2")), locfit = as.character(packageVersion("locfit")),
                                        OpenBLAS_package = openblas_pkg, LAPACK = La_version()),
  blas = list(sessionInfo_BLAS = si$BLAS, sessionInfo_LAPACK = si$LAPACK, openblas_corename = blas_core$corename, openblas_config = blas_core$config,
              OPENBLAS_CORETYPE = env_or_null("OPENBLAS_CORETYPE"), OPENBLAS_L2_SIZE = env_or_null("OPENBLAS_L2_SIZE"),
              OPENBLAS_NUM_THREADS = env_or_null("OPENBLAS_NUM_THREADS"), cpu = cpu),
  sizeFactors = as.list(sizeFactors(mean_run$dds)),
  mean = summ(mean_run), default = summ(default_run),
  tolerances = "as ../shared/reference/genomics/README.md (tight): sf/baseMean rel 1e-9; dispGeneEst |dlog| 1e-3 (genes at the 1e-8 floor at <= 1e-6); dispersion, LFC rel 1e-3 or abs 1e-4; lfcSE, stat rel 1e-3; p, padj log10 0.01 (both < 1e-10 below 1e-12); NA pattern and padj<0.05 calls identical for >= 99.5 % of genes. Default run (locfit): rel 5e-2 on dispFit/dispersion, >= 98 % calls.",
  generated = format(Sys.time(), "%Y-%m-%d")
)
writeLines(jsonlite::toJSON(j, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), "expected.json")
