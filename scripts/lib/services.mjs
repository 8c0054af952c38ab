// What runs where: the one table `npm start`, the tests and the docs agree on.
export const services = [
  { name: 'case', http: 3101, grpc: 50051 },
  { name: 'grid', http: 3102, grpc: 50052 },
  { name: 'party-org', http: 3103 },
  { name: 'volunteer', http: 3104 },
  { name: 'funding', http: 3105 },
  { name: 'gateway', http: 3000 },
];
