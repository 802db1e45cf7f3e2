export * from './common.schema';
export * from './session.schema';
export * from './participant.schema';
export * from './waiting-room.schema';
export * from './join.schema';
export * from './patient.schema';
export * from './dto.mapper';
