using ExVenture.Server.Hosting;

return await GameServer.RunAsync(args);
