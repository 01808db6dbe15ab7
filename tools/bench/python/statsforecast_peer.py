#!/usr/bin/env python3
"""Peer forecasts from Nixtla statsforecast for the salescast accuracy benchmark.

Usage: statsforecast_peer.py <input.csv> <output.csv> <horizon> <season_length> <n_jobs> [freq]
  freq  : D (daily, ds = YYYY-MM-DD; the default) or int (ds = 1, 2, 3 …: any regular series)
  input : unique_id,ds,y   (one row per series and period, oldest first; no gaps, no missing values)
  output: unique_id,step,method,mean,lo80,hi80
          one row per series, method and forecast step (1 = the day after the series' last day)
  Prints one line "seconds <method> <wall seconds>" per model on stdout (fit + forecast of all series),
  and "fallback <method> <series>" when the model failed on some series: those get statsforecast's
  fallback model, the naive (one series a model cannot fit otherwise fails the whole call).

Models are called with their defaults and the season length given (7 on daily data): AutoETS,
AutoTheta and AutoARIMA, each with its 80 % prediction interval. The benchmark averages them itself.
"""
import sys
import time

import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoARIMA, AutoETS, AutoTheta, Naive


def main() -> None:
    if len(sys.argv) not in (6, 7):
        sys.exit("usage: statsforecast_peer.py <input.csv> <output.csv> <horizon> <season_length> <n_jobs> [D|int]")
    source, target, horizon, season, n_jobs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    integer = len(sys.argv) == 7 and sys.argv[6] == "int"
    if integer:
        df = pd.read_csv(source, dtype={"unique_id": str, "ds": "int64"})
    else:
        df = pd.read_csv(source, dtype={"unique_id": str}, parse_dates=["ds"])
    frames = []
    for name, model in (
        ("AutoETS", AutoETS(season_length=season)),
        ("AutoTheta", AutoTheta(season_length=season)),
        ("AutoARIMA", AutoARIMA(season_length=season)),
    ):
        started = time.perf_counter()
        freq = 1 if integer else "D"
        try:
            fc = StatsForecast(models=[model], freq=freq, n_jobs=n_jobs).forecast(df=df, h=horizon, level=[80])
        except Exception as error:  # one series the model cannot fit fails the whole call
            # statsforecast's own remedy: a fallback model for the series the model fails on. The naive (the last
            # value), since those are mostly SKUs with a few days of history, too short for a seasonal naive.
            # How many fell back is counted against the naive's own forecasts.
            print(f"model {name} failed on some series ({type(error).__name__}); rerun with a naive fallback", file=sys.stderr, flush=True)
            fc = StatsForecast(models=[model], freq=freq, n_jobs=n_jobs, fallback_model=Naive()).forecast(
                df=df, h=horizon, level=[80]
            )
            alone = StatsForecast(models=[Naive()], freq=freq, n_jobs=n_jobs).forecast(df=df, h=horizon)
            ours = fc.reset_index()
            same = ours[name].values == alone.reset_index()["Naive"].values
            fell = pd.Series(same).groupby(ours["unique_id"].values).all()
            print(f"fallback {name} {int(fell.sum())}", flush=True)
        fc = fc.reset_index()
        print(f"seconds {name} {time.perf_counter() - started:.3f}", flush=True)
        fc["step"] = fc.groupby("unique_id").cumcount() + 1
        frames.append(
            pd.DataFrame(
                {
                    "unique_id": fc["unique_id"],
                    "step": fc["step"],
                    "method": name,
                    "mean": fc[name],
                    "lo80": fc[f"{name}-lo-80"],
                    "hi80": fc[f"{name}-hi-80"],
                }
            )
        )
    pd.concat(frames).to_csv(target, index=False, float_format="%.6g")


if __name__ == "__main__":
    main()
