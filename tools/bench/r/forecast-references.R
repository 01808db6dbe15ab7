#!/usr/bin/env Rscript
# Reference forecasts from R's `forecast` package for the salescast accuracy benchmark.
#
# Usage: Rscript forecast-references.R <input.csv> <output.csv>
#   input : task_id,period,h,y   (y = the training values, oldest first, separated by spaces)
#   output: task_id,method,step,mean,lo80,hi80,seconds
#           one row per task, method and forecast step; `seconds` = fit + forecast time of that
#           method on that task (repeated on every step row); NA forecasts when the method failed.
# Progress: one line "done <n>" per finished task on stderr, read by the benchmark's progress bar.
#
# Methods are called with their defaults, as in Hyndman's "A forecast ensemble benchmark" (2018):
# auto.arima(), ets(), thetaf(), snaive(). ets() ignores seasonality when the period is above 24
# (weekly data); that is R's own behaviour and is kept.
suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: forecast-references.R <input.csv> <output.csv>")
tasks <- read.csv(args[1], colClasses = c("character", "integer", "integer", "character"))

methods <- list(
  auto.arima = function(x, h) forecast(auto.arima(x), h = h, level = 80),
  ets        = function(x, h) forecast(ets(x), h = h, level = 80),
  thetaf     = function(x, h) thetaf(x, h = h, level = 80),
  snaive     = function(x, h) snaive(x, h = h, level = 80)
)

out <- file(args[2], open = "w")
writeLines("task_id,method,step,mean,lo80,hi80,seconds", out)
for (i in seq_len(nrow(tasks))) {
  x <- ts(as.numeric(strsplit(tasks$y[i], " ", fixed = TRUE)[[1]]), frequency = tasks$period[i])
  h <- tasks$h[i]
  for (name in names(methods)) {
    started <- proc.time()[["elapsed"]]
    fc <- tryCatch(suppressWarnings(methods[[name]](x, h)), error = function(e) NULL)
    seconds <- proc.time()[["elapsed"]] - started
    if (is.null(fc)) {
      mean <- rep(NA, h); lo <- rep(NA, h); hi <- rep(NA, h)
    } else {
      mean <- as.numeric(fc$mean); lo <- as.numeric(fc$lower[, 1]); hi <- as.numeric(fc$upper[, 1])
    }
    writeLines(sprintf("%s,%s,%d,%.10g,%.10g,%.10g,%.4f", tasks$task_id[i], name, seq_len(h),
                       mean, lo, hi, seconds), out)
  }
  message("done ", i)
}
close(out)
