import { Module } from '@nestjs/common';
import { DepartmentRepository } from '../departments/department.repository.js';
import { DepartmentsService } from '../departments/departments.service.js';
import { GridRepository } from '../grids/grid.repository.js';
import { DivisionImportService } from './division-import.service.js';
import { UnitFiguresRepository } from './unit-figures.repository.js';
import { UnitRepository } from './unit.repository.js';
import { UnitsGrpcController } from './units.grpc.controller.js';
import { UnitsService } from './units.service.js';

/** The administrative tree (块) and the departments (条) that hang off it. */
@Module({
  controllers: [UnitsGrpcController],
  providers: [
    UnitRepository,
    UnitFiguresRepository,
    UnitsService,
    DivisionImportService,
    DepartmentRepository,
    DepartmentsService,
    // Read by DepartmentsService to place a grid code in the tree; GridsModule provides its own copy.
    GridRepository,
  ],
  exports: [UnitRepository, UnitsService, DivisionImportService, DepartmentRepository, DepartmentsService],
})
export class UnitsModule {}
