global using ExVenture.Operations;
