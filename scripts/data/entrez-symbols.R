# Entrez Gene ID -> official symbol for every gene of the shipped WikiPathways collection (the synthetic
# cohort's RNA-seq gene universe), so reports show symbols rather than bare Entrez IDs.
# Source: Bioconductor org.Hs.eg.db (NCBI Gene, via the Debian package r-bioc-org.hs.eg.db).
# Usage (from the repository root): Rscript scripts/data/entrez-symbols.R
# Writes data/genesets/entrez_symbols.csv (entrez_id, symbol); IDs NCBI no longer lists are left out.
suppressMessages(library(org.Hs.eg.db))
gmt <- "data/genesets/wikipathways-20260610-gmt-Homo_sapiens.gmt"
ids <- unique(unlist(lapply(strsplit(readLines(gmt), "\t"), function(f) f[-(1:2)])))
ids <- sort(as.integer(ids[nzchar(ids)]))
m <- suppressMessages(AnnotationDbi::select(org.Hs.eg.db, keys = as.character(ids), keytype = "ENTREZID", columns = "SYMBOL"))
m <- m[!is.na(m$SYMBOL) & nzchar(m$SYMBOL), ]
m <- m[!duplicated(m$ENTREZID), ]
out <- data.frame(entrez_id = m$ENTREZID, symbol = m$SYMBOL)
out <- out[order(as.integer(out$entrez_id)), ]
write.csv(out, "data/genesets/entrez_symbols.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("%d of %d Entrez IDs mapped (org.Hs.eg.db %s)\n", nrow(out), length(ids), packageVersion("org.Hs.eg.db")))
