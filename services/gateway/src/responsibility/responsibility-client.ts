// The client comes from the DownstreamModule, built with every other downstream client from the catalogue.
export { RESPONSIBILITY_CLIENT, type ResponsibilityClient } from '../downstream/downstream.module.js';
