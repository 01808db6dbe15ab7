/** One method's forecast for one task, in the common shape every row is scored from. */
export interface TaskForecast {
  mean: number[];
  /** The 80 % interval, when the method gives one. */
  lower?: number[];
  upper?: number[];
  /** Fit + forecast time of this task, when measured. */
  seconds?: number;
}

/** A method's forecasts by task id. */
export type MethodForecasts = Map<string, TaskForecast>;
