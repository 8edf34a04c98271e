export { simulateRoomListener, type ReceivedFinal, type RoomListener } from './listener.ts';
