# Calibration at a horizon: rms::groupkm on lung, predicted S(365.25 | x) from the Cox model
# age + sex + ph.ecog, grouped into g = 5 quantile groups (Hmisc::cut2), KM per group at u = 365.25.
# Run from this folder: Rscript generate.R   (writes expected.json; input = shared lung_markers.csv)
# Predicted survival is taken as x = 1 - risk_1y from ../shared/reference/survival/data/lung_markers.csv,
# so the TypeScript side computes the identical doubles (1 - risk_1y). The survfit(coxph) values are
# also compared below (max abs difference recorded).
suppressPackageStartupMessages({ library(survival); library(rms); library(jsonlite) })
CASE <- "calib_lung_365"
U <- 365.25
G <- 5
mk <- read.csv("../../../../../shared/reference/survival/data/lung_markers.csv")
x <- 1 - mk$risk_1y
S <- Surv(mk$time, mk$event)

# cross-check x against a fresh Cox fit on lung.csv (same rows)
lung <- read.csv("../../../../../shared/reference/survival/data/lung.csv")
d <- lung[mk$row, ]
fit <- coxph(Surv(time, event) ~ age + sex + ph.ecog, data = d, control = coxph.control(eps = 1e-10, iter.max = 100))
s_cox <- as.vector(summary(survfit(fit, newdata = d), times = U)$surv)

call_txt <- "rms::groupkm(x = 1 - risk_1y, Srv = Surv(time, event), g = 5, u = 365.25)"
gk <- groupkm(x, S, g = G, u = U)
grp <- as.integer(cut2(x, g = G))
lev <- levels(cut2(x, g = G))
cuts <- cut2(x, g = G, onlycuts = TRUE)
km_all <- survfit(S ~ 1)
s_all <- summary(km_all, times = U)$surv

res <- list(
  case = CASE,
  data = "lung_markers.csv",
  horizon = U,
  groups = G,
  predicted = "x = 1 - risk_1y (predicted S(365.25 | age, sex, ph.ecog))",
  call = call_txt,
  definition = paste("Hmisc::cut2(x, g = 5) quantile groups; per group: mean x, n, events (all follow-up),",
                     "KM S(u) = survfit value at the last time <= u + 1e-6, std.err = survfit std.err (se of log S, Greenwood)",
                     "at that time; NA when u is beyond the group's last time and S > 0"),
  table = list(x = unname(gk[, "x"]), n = unname(gk[, "n"]), events = unname(gk[, "events"]),
               KM = unname(gk[, "KM"]), std_err = unname(gk[, "std.err"])),
  group_of_row = grp,
  group_labels = lev,
  cut2_onlycuts = cuts,
  overall = list(km_at_u = s_all, mean_predicted = mean(x)),
  cox_refit_max_abs_diff = max(abs(s_cox - x)),
  tolerances = list(KM = list(abs = 1e-10, reason = "KM arithmetic given identical groups"),
                    std_err = list(rel = 1e-9), x = list(abs = 1e-12), counts = "exact"),
  generated_with = list(R = paste(R.version$major, R.version$minor, sep = "."), survival = as.character(packageVersion("survival")),
                        rms = as.character(packageVersion("rms")), Hmisc = as.character(packageVersion("Hmisc")),
                        date = as.character(Sys.Date())))
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, pretty = TRUE), "expected.json")
print(gk); print(lev); cat("cox refit diff", max(abs(s_cox - x)), "\n")
