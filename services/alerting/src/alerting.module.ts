import { Module } from '@nestjs/common';
import { AccuracyRepository } from './accuracy/accuracy.repository';
import { AccuracyService } from './accuracy/accuracy.service';
import { MonitoringController } from './monitoring-api/monitoring.controller';

@Module({ providers: [AccuracyRepository, AccuracyService, MonitoringController] })
export class AlertingModule {}
